#pragma once
// The built-in migration lists (migrations_sqlite.cpp, migrations_postgresql.cpp).

#include <span>

#include <talon/store/migrations.hpp>

namespace talon::store_detail {

std::span<const Migration> sqlite_migrations();
std::span<const Migration> postgresql_migrations();

}  // namespace talon::store_detail
