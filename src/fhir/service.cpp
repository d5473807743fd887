#include "fhir/service.h"

#include <map>
#include <set>

#include "core/date.h"
#include "fhir/resources.h"

namespace weijian::fhir {
namespace {

using store::Conn;
using store::Query;
using store::Rows;

// The columns FHIR shows, and no others: the national ID number, birth date, legal
// representative and person in charge are never selected.
constexpr const char* kInstitutionSelect =
    "SELECT i.id, i.credit_code, i.name, i.category, i.status, i.address, i.phone, i.medins_code, i.updated_at, "
    "i.jurisdiction_path, j.code, j.name, j.level FROM institutions i JOIN jurisdictions j ON j.id = i.jurisdiction_id";

constexpr const char* kPractitionerSelect =
    "SELECT p.id, p.name, p.sex, p.kind, p.qualification_no, p.practice_cert_no, p.practice_category, p.practice_scope, "
    "p.status, p.registered_on, p.registration_expires_on, p.updated_at FROM practitioners p";

// Every role: the primary institution, and each additional practice site still filed
// (ended_on IS NULL), once per institution, never repeating the primary one. The select
// list holds no subquery, so Query::page counts over the outer FROM.
constexpr const char* kRoleSelect =
    "SELECT r.practitioner_id, r.institution_id, r.is_primary, r.start_on, p.registration_expires_on, p.name, i.name, "
    "p.kind, p.practice_scope, p.status, p.updated_at FROM ("
    "SELECT id AS practitioner_id, institution_id, 1 AS is_primary, registered_on AS start_on FROM practitioners "
    "WHERE institution_id IS NOT NULL "
    "UNION ALL "
    "SELECT s.practitioner_id, s.institution_id, 0, s.filed_on FROM practice_sites s "
    "JOIN practitioners q ON q.id = s.practitioner_id WHERE s.ended_on IS NULL "
    "AND (q.institution_id IS NULL OR q.institution_id <> s.institution_id) "
    "AND NOT EXISTS (SELECT 1 FROM practice_sites e WHERE e.practitioner_id = s.practitioner_id "
    "AND e.institution_id = s.institution_id AND e.ended_on IS NULL AND e.filed_on < s.filed_on)"
    ") r JOIN practitioners p ON p.id = r.practitioner_id JOIN institutions i ON i.id = r.institution_id";

std::optional<std::string> opt_text(const Rows& r, std::size_t i, std::size_t c) {
  if (r.is_null(i, c)) return std::nullopt;
  return r.text(i, c);
}

Error not_found(std::string_view type, std::string_view id) {
  return errors::not_found(std::string(type) + "/" + std::string(id) + " 不存在，或不在您的管辖范围内。");
}

void nothing(Query& q) { q.where_raw("1 = 0"); }

void match_string(Query& q, const Criterion& c, const char* column) {
  if (c.modifier == "exact") q.where(std::string(column) + " = ?", c.value);
  else q.search({column}, c.value);
}

void match_id(Query& q, const Criterion& c, const char* column) {
  if (auto id = numeric_id(c.value)) q.where(std::string(column) + " = ?", *id);
  else nothing(q);
}

Status match_reference(Query& q, const Criterion& c, std::string_view type, const char* column) {
  auto id = reference_id(c.value, type, c.name);
  if (!id.ok()) return id.error();
  if (auto n = numeric_id(*id)) q.where(std::string(column) + " = ?", *n);
  else nothing(q);
  return {};
}

Status match_active(Query& q, const Criterion& c, const char* column, const char* active_value) {
  auto b = parse_boolean(c.value, c.name);
  if (!b.ok()) return b.error();
  q.where(std::string(column) + (*b ? " = ?" : " <> ?"), std::string(active_value));
  return {};
}

// ---------------- institutions: Organization and Location ----------------

Result<Query> institution_query(const store::Scope& scope, std::string_view type, const std::vector<Criterion>& criteria) {
  auto q = Query::scoped(scope, kInstitutionSelect, "i.jurisdiction_path");
  for (const auto& c : criteria) {
    if (c.name == "_id") match_id(q, c, "i.id");
    else if (c.name == "name") match_string(q, c, "i.name");
    else if (c.name == "address") match_string(q, c, "i.address");
    else if (c.name == "active") WJ_TRY(match_active(q, c, "i.status", "active"));
    else if (c.name == "organization") WJ_TRY(match_reference(q, c, "Organization", "i.id"));
    else if (c.name == "identifier") {
      const Token t = parse_token(c.value);
      if (t.any_system) q.where("? IN (i.credit_code, i.medins_code)", t.code);
      else if (t.system == uri::kUscc) q.where("i.credit_code = ?", t.code);
      else if (t.system == uri::kMedinsCode) q.where("i.medins_code = ?", t.code);
      else nothing(q);
    } else if (c.name == "type") {
      const Token t = parse_token(c.value);
      const bool hl7 = t.any_system || t.system == uri::kHl7OrganizationType;
      if (hl7 && t.code == "prov") continue;  // every institution is a healthcare provider
      if (t.any_system || t.system == uri::kInstitutionCategory) q.where("i.category = ?", t.code);
      else nothing(q);
    } else {
      return errors::bad_request("不支持按 " + c.name + " 查询 " + std::string(type) + "。");
    }
  }
  q.order_by("i.id");
  return q;
}

// Names of each row's city and district, in one query over the ids on the rows' paths.
Result<std::vector<InstitutionRow>> institution_rows(Conn& c, const Rows& r) {
  std::set<std::int64_t> ids;
  for (std::size_t i = 0; i < r.size(); ++i)
    for (auto id : path_ids(r.text(i, 9))) ids.insert(id);
  std::map<std::int64_t, std::pair<std::string, std::string>> names;  // id → (name, level)
  if (!ids.empty()) {
    std::string sql = "SELECT id, name, level FROM jurisdictions WHERE id IN (";
    store::Params params;
    for (auto id : ids) {
      params.push_back(id);
      sql += (params.size() > 1 ? ", $" : "$") + std::to_string(params.size());
    }
    auto j = c.query(sql + ")", params);
    if (!j.ok()) return j.error();
    for (std::size_t i = 0; i < j->size(); ++i) names[j->integer(i, 0)] = {j->text(i, 1), j->text(i, 2)};
  }
  std::vector<InstitutionRow> out;
  for (std::size_t i = 0; i < r.size(); ++i) {
    InstitutionRow row;
    row.id = r.integer(i, 0);
    row.credit_code = r.text(i, 1);
    row.name = r.text(i, 2);
    row.category = r.text(i, 3);
    row.status = r.text(i, 4);
    row.address = r.text(i, 5);
    row.phone = r.text(i, 6);
    row.medins_code = opt_text(r, i, 7);
    row.updated_at = r.text(i, 8);
    row.jurisdiction = {r.text(i, 10), r.text(i, 11), r.text(i, 12)};
    for (auto id : path_ids(r.text(i, 9))) {
      const auto it = names.find(id);
      if (it == names.end()) continue;
      if (it->second.second == "city") row.city = it->second.first;
      else if (it->second.second == "district") row.district = it->second.first;
    }
    out.push_back(std::move(row));
  }
  return out;
}

// ---------------- practitioners ----------------

Result<Query> practitioner_query(const store::Scope& scope, const std::vector<Criterion>& criteria) {
  auto q = Query::scoped(scope, kPractitionerSelect, "p.jurisdiction_path");
  for (const auto& c : criteria) {
    if (c.name == "_id") match_id(q, c, "p.id");
    else if (c.name == "name") match_string(q, c, "p.name");
    else if (c.name == "active") WJ_TRY(match_active(q, c, "p.status", "registered"));
    else if (c.name == "identifier") {
      const Token t = parse_token(c.value);
      if (t.any_system || t.system == uri::kPracticeCert) q.where("p.practice_cert_no = ?", t.code);
      else nothing(q);  // never by ID number: there is no system for it here
    } else if (c.name == "gender") {
      const Token t = parse_token(c.value);
      if (!t.any_system && t.system != "http://hl7.org/fhir/administrative-gender") {
        nothing(q);
        continue;
      }
      if (t.code == "male") q.where("p.sex = ?", std::string("M"));
      else if (t.code == "female") q.where("p.sex = ?", std::string("F"));
      else if (t.code == "other" || t.code == "unknown") nothing(q);
      else return errors::bad_request("参数 gender 应为 male、female、other 或 unknown，收到“" + c.value + "”。");
    } else {
      return errors::bad_request("不支持按 " + c.name + " 查询 Practitioner。");
    }
  }
  q.order_by("p.id");
  return q;
}

std::vector<PractitionerRow> practitioner_rows(const Rows& r) {
  std::vector<PractitionerRow> out;
  for (std::size_t i = 0; i < r.size(); ++i) {
    PractitionerRow row;
    row.id = r.integer(i, 0);
    row.name = r.text(i, 1);
    row.sex = r.text(i, 2);
    row.kind = r.text(i, 3);
    row.qualification_no = r.text(i, 4);
    row.practice_cert_no = opt_text(r, i, 5);
    row.practice_category = r.text(i, 6);
    row.practice_scope = r.text(i, 7);
    row.status = r.text(i, 8);
    row.registered_on = opt_text(r, i, 9);
    row.registration_expires_on = opt_text(r, i, 10);
    row.updated_at = r.text(i, 11);
    out.push_back(std::move(row));
  }
  return out;
}

// ---------------- practitioner roles ----------------

Result<Query> role_query(const store::Scope& scope, const std::vector<Criterion>& criteria, const std::string& today) {
  auto q = Query::scoped(scope, kRoleSelect, "p.jurisdiction_path");
  for (const auto& c : criteria) {
    if (c.name == "_id") {
      if (auto ids = parse_role_id(c.value)) q.where("r.practitioner_id = ?", ids->first).where("r.institution_id = ?", ids->second);
      else nothing(q);
    } else if (c.name == "practitioner") {
      WJ_TRY(match_reference(q, c, "Practitioner", "r.practitioner_id"));
    } else if (c.name == "organization") {
      WJ_TRY(match_reference(q, c, "Organization", "r.institution_id"));
    } else if (c.name == "location") {
      WJ_TRY(match_reference(q, c, "Location", "r.institution_id"));
    } else if (c.name == "role") {
      const Token t = parse_token(c.value);
      std::string kind;
      if (t.any_system || t.system == uri::kHl7PractitionerRole) kind = kind_for_role_code(t.code);
      if (kind.empty() && (t.any_system || t.system == uri::kPractitionerKind) && kind_display(t.code)[0] != '\0') kind = t.code;
      if (kind.empty()) nothing(q);
      else q.where("p.kind = ?", kind);
    } else if (c.name == "active") {
      auto b = parse_boolean(c.value, c.name);
      if (!b.ok()) return b.error();
      const std::string in_force =
          "p.status = 'registered' AND (p.registration_expires_on IS NULL OR p.registration_expires_on >= ?)";
      q.where(*b ? in_force : "NOT (" + in_force + ")", today);
    } else {
      return errors::bad_request("不支持按 " + c.name + " 查询 PractitionerRole。");
    }
  }
  q.order_by("r.practitioner_id, r.is_primary DESC, r.institution_id");
  return q;
}

std::vector<RoleRow> role_rows(const Rows& r) {
  std::vector<RoleRow> out;
  for (std::size_t i = 0; i < r.size(); ++i) {
    RoleRow row;
    row.practitioner_id = r.integer(i, 0);
    row.institution_id = r.integer(i, 1);
    row.primary = r.integer(i, 2) == 1;
    row.start_on = opt_text(r, i, 3);
    row.end_on = opt_text(r, i, 4);
    row.practitioner_name = r.text(i, 5);
    row.institution_name = r.text(i, 6);
    row.kind = r.text(i, 7);
    row.practice_scope = r.text(i, 8);
    row.status = r.text(i, 9);
    row.updated_at = r.text(i, 10);
    out.push_back(std::move(row));
  }
  return out;
}

// Builds the type's query for the criteria.
Result<Query> query_for(const store::Scope& scope, std::string_view type, const std::vector<Criterion>& criteria,
                        const std::string& today) {
  if (type == "Organization" || type == "Location") return institution_query(scope, type, criteria);
  if (type == "Practitioner") return practitioner_query(scope, criteria);
  if (type == "PractitionerRole") return role_query(scope, criteria, today);
  return errors::not_found("不支持资源类型 " + std::string(type) + "：本服务提供 Organization、Location、Practitioner、PractitionerRole。");
}

Result<std::vector<Json>> resources_of(Conn& c, std::string_view type, const Rows& rows, const std::string& today) {
  std::vector<Json> out;
  if (type == "Organization" || type == "Location") {
    auto inst = institution_rows(c, rows);
    if (!inst.ok()) return inst.error();
    for (const auto& r : *inst) out.push_back(type == "Organization" ? organization(r) : location(r));
  } else if (type == "Practitioner") {
    for (const auto& r : practitioner_rows(rows)) out.push_back(practitioner(r));
  } else {
    for (const auto& r : role_rows(rows)) out.push_back(practitioner_role(r, today));
  }
  return out;
}

}  // namespace

Result<Json> FhirService::read(const store::Scope& scope, std::string_view type, std::string_view id) {
  const std::string today = today_in_shanghai().to_string();
  // A read is a search by _id: the same scope, the same SQL, the same mapping.
  auto q = query_for(scope, type, {{"_id", "", std::string(id)}}, today);
  if (!q.ok()) return q.error();
  auto lease = db_.acquire();
  if (!lease.ok()) return lease.error();
  auto rows = q->all(**lease);
  if (!rows.ok()) return rows.error();
  if (rows->empty()) return not_found(type, id);
  auto resources = resources_of(**lease, type, *rows, today);
  if (!resources.ok()) return resources.error();
  return std::move(resources->front());
}

Result<Found> FhirService::search(const store::Scope& scope, std::string_view type, const Search& s) {
  const std::string today = today_in_shanghai().to_string();
  auto q = query_for(scope, type, s.criteria, today);
  if (!q.ok()) return q.error();
  auto lease = db_.acquire();
  if (!lease.ok()) return lease.error();
  auto page = q->page(**lease, s.summary_count ? 1 : s.page, s.summary_count ? 1 : s.count);
  if (!page.ok()) return page.error();
  Found found;
  found.total = page->total;
  if (s.summary_count) return found;
  auto resources = resources_of(**lease, type, page->rows, today);
  if (!resources.ok()) return resources.error();
  found.resources = std::move(resources.value());
  return found;
}

}  // namespace weijian::fhir
