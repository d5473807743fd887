#pragma once
#include <string>
#include <string_view>

namespace weijian::store {
// Rewrites PostgreSQL-style $N placeholders to SQLite's ?N, leaving string literals,
// quoted identifiers and comments untouched.
std::string to_sqlite_placeholders(std::string_view sql);
}  // namespace weijian::store
