#include "store/settings.h"

#include <stdexcept>

#include "core/clock.h"

namespace weijian::store {

Result<std::optional<std::string>> setting(Conn& c, const std::string& key) {
  WJ_ASSIGN_OR_RETURN(auto rows, c.query("SELECT value FROM system_settings WHERE key = $1", {key}));
  return first_row(rows, [](const Row& r) { return r.text("value"); });
}

Status put_setting(Conn& c, const std::string& key, const std::string& value) {
  WJ_TRY(c.exec("INSERT INTO system_settings (key, value, updated_at) VALUES ($1, $2, $3) "
                "ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at",
                {key, value, utc_now_iso()}));
  return {};
}

Result<std::vector<std::int64_t>> row_counts(Conn& c, const std::vector<std::string>& tables) {
  std::vector<std::int64_t> out;
  out.reserve(tables.size());
  for (const auto& t : tables) {
    // A name from code; anything but a plain identifier is a bug in the caller.
    if (t.empty() || t.find_first_not_of("abcdefghijklmnopqrstuvwxyz_0123456789") != std::string::npos)
      throw std::logic_error("row_counts: not a table name: " + t);
    WJ_ASSIGN_OR_RETURN(auto rows, c.query("SELECT count(*) AS n FROM " + t));
    out.push_back(rows.row(0).integer("n"));
  }
  return out;
}

Status ping(Db& db) {
  WJ_TRY(db.query("SELECT 1"));
  return {};
}

}  // namespace weijian::store
