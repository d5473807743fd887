#include "identity/org.h"

namespace weijian::identity {
namespace {

const char* const kJurisdictions = "SELECT id, parent_id, code, name, level, path FROM jurisdictions";
const char* const kDepartments = "SELECT id, code, name, short_name FROM departments";

Jurisdiction jurisdiction_of(const store::Row& r) {
  return Jurisdiction{r.integer("id"), r.maybe_integer("parent_id"), r.text("code"), r.text("name"), r.text("level"), r.text("path")};
}

Department department_of(const store::Row& r) { return Department{r.integer("id"), r.text("code"), r.text("name"), r.text("short_name")}; }

}  // namespace

Result<std::vector<Jurisdiction>> Org::jurisdictions(store::Conn& c) const {
  WJ_ASSIGN_OR_RETURN(auto rows, c.query(std::string(kJurisdictions) + " ORDER BY path"));
  return store::map_rows(rows, jurisdiction_of);
}

Result<std::optional<Jurisdiction>> Org::jurisdiction(store::Conn& c, std::int64_t id) const {
  WJ_ASSIGN_OR_RETURN(auto rows, c.query(std::string(kJurisdictions) + " WHERE id = $1", {id}));
  return store::first_row(rows, jurisdiction_of);
}

Result<std::optional<Jurisdiction>> Org::jurisdiction_by_code(store::Conn& c, const std::string& code) const {
  WJ_ASSIGN_OR_RETURN(auto rows, c.query(std::string(kJurisdictions) + " WHERE code = $1", {code}));
  return store::first_row(rows, jurisdiction_of);
}

Result<std::string> Org::jurisdiction_path(store::Conn& c, std::int64_t id) const {
  WJ_ASSIGN_OR_RETURN(auto j, jurisdiction(c, id));
  return j ? j->path : std::string();
}

Result<std::string> Org::root_path(store::Conn& c) const {
  WJ_ASSIGN_OR_RETURN(auto rows, c.query("SELECT path FROM jurisdictions WHERE parent_id IS NULL ORDER BY id LIMIT 1"));
  auto path = store::first_row(rows, [](const store::Row& r) { return r.text("path"); });
  return path ? *path : std::string();
}

Result<std::vector<Department>> Org::departments(store::Conn& c) const {
  WJ_ASSIGN_OR_RETURN(auto rows, c.query(std::string(kDepartments) + " ORDER BY id"));
  return store::map_rows(rows, department_of);
}

Result<std::optional<Department>> Org::department(store::Conn& c, std::int64_t id) const {
  WJ_ASSIGN_OR_RETURN(auto rows, c.query(std::string(kDepartments) + " WHERE id = $1", {id}));
  return store::first_row(rows, department_of);
}

Result<std::optional<Department>> Org::department_by_code(store::Conn& c, const std::string& code) const {
  WJ_ASSIGN_OR_RETURN(auto rows, c.query(std::string(kDepartments) + " WHERE code = $1", {code}));
  return store::first_row(rows, department_of);
}

Result<std::optional<UserRef>> Org::user(store::Conn& c, std::int64_t id) const {
  WJ_ASSIGN_OR_RETURN(auto rows, c.query("SELECT id, username, display_name, role, department_id, jurisdiction_path FROM users WHERE id = $1", {id}));
  return store::first_row(rows, [](const store::Row& r) {
    return UserRef{r.integer("id"), r.text("username"), r.text("display_name"), r.text("role"), r.integer("department_id"),
                   r.text("jurisdiction_path")};
  });
}

Result<std::map<std::int64_t, std::string>> Org::user_names(store::Conn& c, const std::vector<std::int64_t>& ids) const {
  std::map<std::int64_t, std::string> out;
  if (ids.empty()) return out;
  std::string sql = "SELECT id, display_name FROM users WHERE id IN (";
  store::Params params;
  for (std::size_t i = 0; i < ids.size(); ++i) {
    sql += (i ? ", $" : "$") + std::to_string(i + 1);
    params.push_back(ids[i]);
  }
  WJ_ASSIGN_OR_RETURN(auto rows, c.query(sql + ")", params));
  for (const auto& r : store::map_rows(rows, [](const store::Row& r) { return std::pair(r.integer("id"), r.text("display_name")); }))
    out.insert(r);
  return out;
}

Result<std::optional<Jurisdiction>> Org::root(store::Conn& c) const {
  WJ_ASSIGN_OR_RETURN(auto rows, c.query(std::string(kJurisdictions) + " WHERE parent_id IS NULL ORDER BY id LIMIT 1"));
  return store::first_row(rows, jurisdiction_of);
}

Result<std::int64_t> Org::user_count(store::Conn& c) const {
  WJ_ASSIGN_OR_RETURN(auto rows, c.query("SELECT count(*) AS n FROM users"));
  return rows.row(0).integer("n");
}

std::map<std::int64_t, const Jurisdiction*> by_id(const std::vector<Jurisdiction>& all) {
  std::map<std::int64_t, const Jurisdiction*> out;
  for (const auto& j : all) out[j.id] = &j;
  return out;
}

std::map<std::string, const Department*> by_code(const std::vector<Department>& all) {
  std::map<std::string, const Department*> out;
  for (const auto& d : all) out[d.code] = &d;
  return out;
}

}  // namespace weijian::identity
