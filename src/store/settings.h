#pragma once
// The store's own table of installation facts (system_settings: key → value) and the few
// questions about the store as a whole that app/ asks, so that app/ holds no SQL.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/error.h"
#include "store/db.h"

namespace weijian::store {

// The value of setting `key`, or nullopt when it was never set.
Result<std::optional<std::string>> setting(Conn& c, const std::string& key);
// Sets `key` to `value` (inserted, or replaced with a new updated_at).
Status put_setting(Conn& c, const std::string& key, const std::string& value);

// The number of rows of each of `tables`, in that order. The names are constants from code,
// never user input (a table name cannot be a bound parameter).
Result<std::vector<std::int64_t>> row_counts(Conn& c, const std::vector<std::string>& tables);

// Whether the store answers a trivial statement (readiness).
Status ping(Db& db);

}  // namespace weijian::store
