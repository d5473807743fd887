#include "identity/org_admin_store.h"

#include "identity/org.h"
#include "store/query.h"

namespace weijian::identity::org_admin {
namespace {

constexpr const char* kSelect = "SELECT id, code, name, short_name, duties FROM departments";

DepartmentRecord record_of(const store::Row& r) {
  return DepartmentRecord{r.integer("id"), r.text("code"), r.text("name"), r.text("short_name"), r.text("duties")};
}

}  // namespace

Result<std::vector<DepartmentRecord>> departments(store::Conn& c, const std::string& q) {
  auto query = store::Query::unscoped(kSelect);
  query.search({"name", "short_name", "code"}, q).order_by("id");
  WJ_ASSIGN_OR_RETURN(auto rows, query.all(c));
  return store::map_rows(rows, record_of);
}

Result<std::optional<DepartmentRecord>> department(store::Conn& c, std::int64_t id) {
  WJ_ASSIGN_OR_RETURN(auto rows, c.query(std::string(kSelect) + " WHERE id = $1", {id}));
  return store::first_row(rows, record_of);
}

Result<std::vector<DepartmentRecord>> departments_with_code_or_name(store::Conn& c, const std::string& code,
                                                                    const std::string& name) {
  WJ_ASSIGN_OR_RETURN(auto rows, c.query(std::string(kSelect) + " WHERE code = $1 OR name = $2", {code, name}));
  return store::map_rows(rows, record_of);
}

Result<std::int64_t> insert_department(store::Conn& c, const DepartmentRecord& d, const std::string& now) {
  WJ_ASSIGN_OR_RETURN(auto rows, c.query("INSERT INTO departments (code, name, short_name, duties, created_at) "
                                         "VALUES ($1, $2, $3, $4, $5) RETURNING id",
                                         {d.code, d.name, d.short_name, d.duties, now}));
  return rows.row(0).integer("id");
}

Status update_department(store::Conn& c, const DepartmentRecord& d) {
  WJ_TRY(c.exec("UPDATE departments SET name = $1, short_name = $2, duties = $3 WHERE id = $4", {d.name, d.short_name, d.duties, d.id}));
  return {};
}

Result<std::string> root_path_or_slash(store::Conn& c) {
  WJ_ASSIGN_OR_RETURN(auto path, Org().root_path(c));
  return path.empty() ? std::string("/") : path;
}

Result<std::vector<Jurisdiction>> jurisdictions_by_id(store::Conn& c) {
  WJ_ASSIGN_OR_RETURN(auto rows, c.query("SELECT id, parent_id, code, name, level, path FROM jurisdictions ORDER BY id"));
  return store::map_rows(rows, [](const store::Row& r) {
    return Jurisdiction{r.integer("id"), r.maybe_integer("parent_id"), r.text("code"), r.text("name"), r.text("level"), r.text("path")};
  });
}

Result<Jurisdiction> insert_jurisdiction(store::Conn& c, const std::optional<Jurisdiction>& parent, const std::string& code,
                                         const std::string& name, const std::string& level, const std::string& now) {
  Jurisdiction j{0, parent ? std::optional(parent->id) : std::nullopt, code, name, level, {}};
  WJ_ASSIGN_OR_RETURN(auto rows, c.query("INSERT INTO jurisdictions (parent_id, code, name, level, path, created_at) "
                                         "VALUES ($1, $2, $3, $4, '', $5) RETURNING id",
                                         {parent ? store::Value{parent->id} : store::Value{}, code, name, level, now}));
  j.id = rows.row(0).integer("id");
  j.path = (parent ? parent->path : std::string("/")) + std::to_string(j.id) + "/";
  WJ_TRY(c.exec("UPDATE jurisdictions SET path = $1 WHERE id = $2", {j.path, j.id}));
  return j;
}

Status rename_jurisdiction(store::Conn& c, std::int64_t id, const std::string& name) {
  WJ_TRY(c.exec("UPDATE jurisdictions SET name = $1 WHERE id = $2", {name, id}));
  return {};
}

Result<std::int64_t> jurisdiction_count(store::Conn& c) {
  WJ_ASSIGN_OR_RETURN(auto rows, c.query("SELECT count(*) AS n FROM jurisdictions"));
  return rows.row(0).integer("n");
}

Result<std::int64_t> department_count(store::Conn& c) {
  WJ_ASSIGN_OR_RETURN(auto rows, c.query("SELECT count(*) AS n FROM departments"));
  return rows.row(0).integer("n");
}

}  // namespace weijian::identity::org_admin
