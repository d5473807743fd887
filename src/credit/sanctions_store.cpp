#include "credit/sanctions_store.h"

namespace weijian::credit::sanctions_store {
namespace {

using store::Conn;
using store::Row;

constexpr const char* kRestrictionSelect =
    "SELECT subject_code, 0 AS list_entry, id, contexts, starts_on, ends_on, label FROM credit_consequences WHERE status = 'active' "
    "AND ends_on >= $1 %CODES% UNION ALL SELECT subject_code, 1 AS list_entry, id, contexts, starts_on, ends_on, basis AS label "
    "FROM credit_list_entries WHERE list_kind = 'dishonesty' AND status = 'active' AND ends_on >= $1 %CODES%";

std::string select_for(std::size_t n_codes) {
  std::string sql = kRestrictionSelect;
  std::string in;
  if (n_codes > 0) {
    in = "AND subject_code IN (";
    for (std::size_t i = 0; i < n_codes; ++i) in += (i ? ",$" : "$") + std::to_string(i + 2);
    in += ")";
  }
  for (auto pos = sql.find("%CODES%"); pos != std::string::npos; pos = sql.find("%CODES%")) sql.replace(pos, 7, in);
  return sql;
}

RestrictionRow restriction_of(const Row& r) {
  return RestrictionRow{r.text("subject_code"), r.integer("list_entry") == 1, r.integer("id"), r.text("contexts"),
                        r.text("starts_on"),    r.text("ends_on"),            r.text("label")};
}

}  // namespace

Status record_change(Conn& c, const std::string& subject_code, const std::string& at) {
  WJ_TRY(c.exec("INSERT INTO credit_changes (subject_code, at) VALUES ($1, $2)", {subject_code, at}));
  return {};
}

Result<std::int64_t> last_change_id(Conn& c) {
  WJ_ASSIGN_OR_RETURN(auto rows, c.query("SELECT coalesce(max(id), 0) AS last FROM credit_changes"));
  return rows.row(0).integer("last");
}

Result<std::vector<Change>> changes_after(Conn& c, std::int64_t after_id) {
  WJ_ASSIGN_OR_RETURN(auto rows, c.query("SELECT id, subject_code FROM credit_changes WHERE id > $1 ORDER BY id", {after_id}));
  return store::map_rows(rows, [](const Row& r) { return Change{r.integer("id"), r.text("subject_code")}; });
}

Result<std::vector<RestrictionRow>> restrictions_slice(Conn& c, bool list_entries, const std::string& from, std::int64_t after_id,
                                                       std::int64_t limit) {
  const std::string sql =
      list_entries ? "SELECT subject_code, 1 AS list_entry, id, contexts, starts_on, ends_on, basis AS label FROM credit_list_entries "
                     "WHERE status = 'active' AND ends_on >= $1 AND id > $2 AND list_kind = 'dishonesty' ORDER BY id LIMIT $3"
                   : "SELECT subject_code, 0 AS list_entry, id, contexts, starts_on, ends_on, label FROM credit_consequences "
                     "WHERE status = 'active' AND ends_on >= $1 AND id > $2 ORDER BY id LIMIT $3";
  WJ_ASSIGN_OR_RETURN(auto rows, c.query(sql, {from, after_id, limit}));
  return store::map_rows(rows, restriction_of);
}

Result<std::vector<RestrictionRow>> restrictions_of(Conn& c, const std::string& from, const std::vector<std::string>& codes) {
  store::Params params{from};
  for (const auto& code : codes) params.emplace_back(code);
  WJ_ASSIGN_OR_RETURN(auto rows, c.query(select_for(codes.size()), params));
  return store::map_rows(rows, restriction_of);
}

}  // namespace weijian::credit::sanctions_store
