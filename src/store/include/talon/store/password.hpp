#pragma once
// User passwords (users.password_hash): Argon2id (RFC 9106) through libargon2, stored in the
// PHC string format "$argon2id$v=19$m=...,t=...,p=...$salt$hash".

#include <string>
#include <string_view>

namespace talon {

/// Argon2id with RFC 9106's second recommended setting: t=3 passes, m=64 MiB, p=4 lanes,
/// a 16-byte random salt and a 32-byte tag. Throws Error when libargon2 fails (out of memory).
std::string hash_password(std::string_view password);

/// True when `password` matches `encoded` (any Argon2id parameters), false otherwise,
/// including for a malformed `encoded`. Constant-time comparison inside libargon2.
bool verify_password(std::string_view encoded, std::string_view password);

}  // namespace talon
