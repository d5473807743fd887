#include "registry/directory.h"

#include "registry/identifiers.h"

namespace weijian::registry {

Result<std::optional<Subject>> Directory::subject(store::Conn& c, const std::string& raw) const {
  const std::string code = normalize_code(raw);
  auto inst = c.query("SELECT id, credit_code, name, legal_representative, jurisdiction_path FROM institutions WHERE credit_code = $1",
                      {code});
  if (!inst.ok()) return inst.error();
  if (!inst->empty()) {
    const store::Row r = inst->row(0);
    return std::optional<Subject>(Subject{"institution", r.integer("id"), r.text("credit_code"), r.text("name"), r.text("legal_representative"),
                   r.text("jurisdiction_path")});
  }
  auto pr = c.query("SELECT id, id_number, name, jurisdiction_path FROM practitioners WHERE id_number = $1", {code});
  if (!pr.ok()) return pr.error();
  return store::first_row(*pr, [](const store::Row& r) {
    return Subject{"practitioner", r.integer("id"), r.text("id_number"), r.text("name"), "", r.text("jurisdiction_path")};
  });
}

Result<Subject> Directory::find_subject(store::Conn& c, const std::string& code, const char* field, const store::Scope& scope) const {
  WJ_ASSIGN_OR_RETURN(auto found, subject(c, code));
  if (!found || (found->kind == "practitioner" && !scope.contains(found->jurisdiction_path)))
    return errors::validation("名录库中没有统一社会信用代码或身份证号为“" + normalize_code(code) + "”的机构或医务人员，或不在您的管辖范围内。",
                              {{field, "名录库中不存在"}});
  if (!scope.contains(found->jurisdiction_path)) return errors::validation("该机构不在您的管辖范围内。", {{field, "不在您的管辖范围内"}});
  return *found;
}

Result<Subject> Directory::read_subject(store::Conn& c, const store::Scope& scope, const std::optional<std::string>& code,
                                        FieldReader& r, const char* field) const {
  if (!code) return Subject{};
  auto found = find_subject(c, *code, field, scope);
  if (found.ok()) return found;
  if (found.error().errors.empty()) return found.error();
  for (const auto& e : found.error().errors) r.add(e.field, e.message);
  return Subject{};
}

namespace {

constexpr const char* kInstitutionSelect =
    "SELECT id, credit_code, name, category, ownership, address, status, jurisdiction_id, jurisdiction_path FROM institutions";

InstitutionRef institution_from(const store::Row& r) {
  return {r.integer("id"),      r.text("credit_code"), r.text("name"),
          r.text("category"),   r.text("ownership"),   r.text("address"),
          r.text("status"),     r.integer("jurisdiction_id"), r.text("jurisdiction_path")};
}

constexpr const char* kInspectorSelect =
    "SELECT id, name, user_id, department_id, jurisdiction_path, cert_no, cert_valid_until, specialties, status FROM inspectors";

InspectorRef inspector_from(const store::Row& r) {
  return {r.integer("id"),       r.text("name"),    r.maybe_integer("user_id"),
          r.integer("department_id"), r.text("jurisdiction_path"), r.text("cert_no"),
          r.text("cert_valid_until"), r.text("specialties"), r.text("status")};
}

// "$1, $2 …" for an IN (…) over `ids`, which become the parameters.
std::string in_list(const std::vector<std::int64_t>& ids, store::Params& params) {
  std::string in;
  for (auto id : ids) {
    params.emplace_back(id);
    in += (in.empty() ? "$" : ", $") + std::to_string(params.size());
  }
  return in;
}

Result<std::vector<std::int64_t>> ids_of(Result<store::Rows> rows, const char* column) {
  if (!rows.ok()) return rows.error();
  return store::map_rows(*rows, [&](const store::Row& r) { return r.integer(column); });
}

}  // namespace

Result<std::optional<InstitutionRef>> Directory::institution(store::Conn& c, std::int64_t id) const {
  auto rows = c.query(std::string(kInstitutionSelect) + " WHERE id = $1", {id});
  if (!rows.ok()) return rows.error();
  return store::first_row(*rows, institution_from);
}

Result<std::vector<InstitutionRef>> Directory::institutions(store::Conn& c, const std::vector<std::int64_t>& ids) const {
  if (ids.empty()) return std::vector<InstitutionRef>{};
  store::Params params;
  const std::string in = in_list(ids, params);
  auto rows = c.query(std::string(kInstitutionSelect) + " WHERE id IN (" + in + ") ORDER BY id", params);
  if (!rows.ok()) return rows.error();
  return store::map_rows(*rows, institution_from);
}

Result<std::vector<InstitutionRef>> Directory::institutions_within(store::Conn& c, const std::string& path_prefix) const {
  auto rows = c.query(std::string(kInstitutionSelect) + " WHERE jurisdiction_path LIKE $1 ESCAPE '\\' ORDER BY id",
                      {store::like_escape(path_prefix) + "%"});
  if (!rows.ok()) return rows.error();
  return store::map_rows(*rows, institution_from);
}

Result<std::vector<std::int64_t>> Directory::institution_ids_named(store::Conn& c, const std::string& text) const {
  return ids_of(c.query("SELECT id FROM institutions WHERE LOWER(name) LIKE LOWER($1) ESCAPE '\\' ORDER BY id",
                        {"%" + store::like_escape(text) + "%"}),
                "id");
}

Result<std::vector<std::int64_t>> Directory::validation_overdue(store::Conn& c, const std::string& path_prefix,
                                                                const std::string& date) const {
  return ids_of(c.query("SELECT DISTINCT institution_id FROM practice_licenses WHERE status IN ('valid', 'validation_deferred') "
                        "AND validation_due_on < $1 AND jurisdiction_path LIKE $2 ESCAPE '\\' ORDER BY institution_id",
                        {date, store::like_escape(path_prefix) + "%"}),
                "institution_id");
}

Result<std::optional<InspectorRef>> Directory::inspector(store::Conn& c, std::int64_t id) const {
  auto rows = c.query(std::string(kInspectorSelect) + " WHERE id = $1", {id});
  if (!rows.ok()) return rows.error();
  return store::first_row(*rows, inspector_from);
}

Result<std::vector<InspectorRef>> Directory::inspectors(store::Conn& c) const {
  auto rows = c.query(std::string(kInspectorSelect) + " ORDER BY id");
  if (!rows.ok()) return rows.error();
  return store::map_rows(*rows, inspector_from);
}

Result<std::vector<std::int64_t>> Directory::inspectors_of_user(store::Conn& c, std::int64_t user_id) const {
  return ids_of(c.query("SELECT id FROM inspectors WHERE user_id = $1 ORDER BY id", {user_id}), "id");
}

Result<std::vector<InspectorConflict>> Directory::inspector_conflicts(store::Conn& c) const {
  auto rows = c.query("SELECT inspector_id, institution_id, reason FROM inspector_conflicts ORDER BY inspector_id, institution_id");
  if (!rows.ok()) return rows.error();
  return store::map_rows(*rows, [](const store::Row& r) {
    return InspectorConflict{r.integer("inspector_id"), r.integer("institution_id"), r.text("reason")};
  });
}

}  // namespace weijian::registry
