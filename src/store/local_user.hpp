#pragma once
// Whose rows a command-line run reads and writes (private to the store): the local user of a
// SQLite file or of a PostgreSQL owner connection, or — for a login role under row-level
// security — the user the server maps that role to.

#include <string>
#include <string_view>

#include <talon/store/sql.hpp>

namespace talon::store_detail {

/// users.email of the command line's own user.
inline constexpr std::string_view kLocalUserEmail = "local@talon.invalid";

/// True when `c` is a PostgreSQL login that row-level security applies to (not a member of
/// the tables' owner role): the server then shows it its own user's rows only.
bool subject_to_row_security(SqlConnection& c);

/// The bots.name of the bot a backtest of `strategy` on `symbol` runs as.
std::string backtest_bot_name(std::string_view strategy, std::string_view symbol);

}  // namespace talon::store_detail
