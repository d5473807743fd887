#include "fhir/service.h"

#include "core/date.h"
#include "fhir/resources.h"

namespace weijian::fhir {
namespace {

using store::Conn;

Error not_found(std::string_view type, std::string_view id) {
  return errors::not_found(std::string(type) + "/" + std::string(id) + " 不存在，或不在您的管辖范围内。");
}

registry::TextMatch text_match(const Criterion& c) { return {c.value, c.modifier == "exact"}; }

// A numeric id into `ids`, or a search that matches nothing (an id this server never issues).
void match_id(std::vector<std::int64_t>& ids, bool& none, const std::string& value) {
  if (auto id = numeric_id(value)) ids.push_back(*id);
  else none = true;
}

Status match_reference(std::vector<std::int64_t>& ids, bool& none, const Criterion& c, std::string_view type) {
  auto id = reference_id(c.value, type, c.name);
  if (!id.ok()) return id.error();
  match_id(ids, none, *id);
  return {};
}

// ---------------- institutions: Organization and Location ----------------

Result<registry::InstitutionSearch> institution_search(std::string_view type, const std::vector<Criterion>& criteria) {
  registry::InstitutionSearch s;
  for (const auto& c : criteria) {
    if (c.name == "_id") match_id(s.ids, s.none, c.value);
    else if (c.name == "name") s.names.push_back(text_match(c));
    else if (c.name == "address") s.addresses.push_back(text_match(c));
    else if (c.name == "active") {
      WJ_ASSIGN_OR_RETURN(bool b, parse_boolean(c.value, c.name));
      s.active.push_back(b);
    } else if (c.name == "organization") WJ_TRY(match_reference(s.ids, s.none, c, "Organization"));
    else if (c.name == "identifier") {
      const Token t = parse_token(c.value);
      if (t.any_system) s.codes.push_back(t.code);
      else if (t.system == uri::kUscc) s.credit_codes.push_back(t.code);
      else if (t.system == uri::kMedinsCode) s.medins_codes.push_back(t.code);
      else s.none = true;
    } else if (c.name == "type") {
      const Token t = parse_token(c.value);
      const bool hl7 = t.any_system || t.system == uri::kHl7OrganizationType;
      if (hl7 && t.code == "prov") continue;  // every institution is a healthcare provider
      if (t.any_system || t.system == uri::kInstitutionCategory) s.categories.push_back(t.code);
      else s.none = true;
    } else {
      return errors::bad_request("不支持按 " + c.name + " 查询 " + std::string(type) + "。");
    }
  }
  return s;
}

// Each entry with its jurisdiction and the names of its city and district, from identity's tree.
Result<std::vector<InstitutionRow>> institution_rows(Conn& c, const identity::Org& org,
                                                     const std::vector<registry::InstitutionEntry>& entries) {
  std::vector<InstitutionRow> out;
  if (entries.empty()) return out;
  WJ_ASSIGN_OR_RETURN(auto all, org.jurisdictions(c));
  const auto places = identity::by_id(all);
  for (const auto& e : entries) {
    InstitutionRow row;
    row.id = e.id;
    row.credit_code = e.credit_code;
    row.name = e.name;
    row.category = e.category;
    row.status = e.status;
    row.address = e.address;
    row.phone = e.phone;
    row.medins_code = e.medins_code;
    row.updated_at = e.updated_at;
    if (auto j = places.find(e.jurisdiction_id); j != places.end()) row.jurisdiction = {j->second->code, j->second->name, j->second->level};
    for (auto id : path_ids(e.jurisdiction_path)) {
      const auto it = places.find(id);
      if (it == places.end()) continue;
      if (it->second->level == "city") row.city = it->second->name;
      else if (it->second->level == "district") row.district = it->second->name;
    }
    out.push_back(std::move(row));
  }
  return out;
}

// ---------------- practitioners ----------------

Result<registry::PractitionerSearch> practitioner_search(const std::vector<Criterion>& criteria) {
  registry::PractitionerSearch s;
  for (const auto& c : criteria) {
    if (c.name == "_id") match_id(s.ids, s.none, c.value);
    else if (c.name == "name") s.names.push_back(text_match(c));
    else if (c.name == "active") {
      WJ_ASSIGN_OR_RETURN(bool b, parse_boolean(c.value, c.name));
      s.active.push_back(b);
    } else if (c.name == "identifier") {
      const Token t = parse_token(c.value);
      if (t.any_system || t.system == uri::kPracticeCert) s.practice_cert_nos.push_back(t.code);
      else s.none = true;  // never by ID number: there is no system for it here
    } else if (c.name == "gender") {
      const Token t = parse_token(c.value);
      if (!t.any_system && t.system != "http://hl7.org/fhir/administrative-gender") {
        s.none = true;
        continue;
      }
      if (t.code == "male") s.sexes.push_back("M");
      else if (t.code == "female") s.sexes.push_back("F");
      else if (t.code == "other" || t.code == "unknown") s.none = true;
      else return errors::bad_request("参数 gender 应为 male、female、other 或 unknown，收到“" + c.value + "”。");
    } else {
      return errors::bad_request("不支持按 " + c.name + " 查询 Practitioner。");
    }
  }
  return s;
}

PractitionerRow practitioner_row(const registry::PractitionerEntry& e) {
  PractitionerRow row;
  row.id = e.id;
  row.name = e.name;
  row.sex = e.sex;
  row.kind = e.kind;
  row.qualification_no = e.qualification_no;
  row.practice_cert_no = e.practice_cert_no;
  row.practice_category = e.practice_category;
  row.practice_scope = e.practice_scope;
  row.status = e.status;
  row.registered_on = e.registered_on;
  row.registration_expires_on = e.registration_expires_on;
  row.updated_at = e.updated_at;
  return row;
}

// ---------------- practitioner roles ----------------

Result<registry::PracticeRoleSearch> role_search(const std::vector<Criterion>& criteria, const std::string& today) {
  registry::PracticeRoleSearch s;
  s.on = today;
  for (const auto& c : criteria) {
    if (c.name == "_id") {
      if (auto ids = parse_role_id(c.value)) {
        s.practitioner_ids.push_back(ids->first);
        s.institution_ids.push_back(ids->second);
      } else {
        s.none = true;
      }
    } else if (c.name == "practitioner") {
      WJ_TRY(match_reference(s.practitioner_ids, s.none, c, "Practitioner"));
    } else if (c.name == "organization") {
      WJ_TRY(match_reference(s.institution_ids, s.none, c, "Organization"));
    } else if (c.name == "location") {
      WJ_TRY(match_reference(s.institution_ids, s.none, c, "Location"));
    } else if (c.name == "role") {
      const Token t = parse_token(c.value);
      std::string kind;
      if (t.any_system || t.system == uri::kHl7PractitionerRole) kind = kind_for_role_code(t.code);
      if (kind.empty() && (t.any_system || t.system == uri::kPractitionerKind) && kind_display(t.code)[0] != '\0') kind = t.code;
      if (kind.empty()) s.none = true;
      else s.kinds.push_back(kind);
    } else if (c.name == "active") {
      WJ_ASSIGN_OR_RETURN(bool b, parse_boolean(c.value, c.name));
      s.in_force.push_back(b);
    } else {
      return errors::bad_request("不支持按 " + c.name + " 查询 PractitionerRole。");
    }
  }
  return s;
}

RoleRow role_row(const registry::PracticeRole& r) {
  RoleRow row;
  row.practitioner_id = r.practitioner_id;
  row.institution_id = r.institution_id;
  row.primary = r.primary;
  row.start_on = r.start_on;
  row.end_on = r.registration_expires_on;
  row.practitioner_name = r.practitioner_name;
  row.institution_name = r.institution_name;
  row.kind = r.kind;
  row.practice_scope = r.practice_scope;
  row.status = r.status;
  row.updated_at = r.updated_at;
  return row;
}

bool is_institution_type(std::string_view type) { return type == "Organization" || type == "Location"; }

Error unsupported_type(std::string_view type) {
  return errors::not_found("不支持资源类型 " + std::string(type) + "：本服务提供 Organization、Location、Practitioner、PractitionerRole。");
}

}  // namespace

// A read is a search by _id: the same scope, the same port, the same mapping.
Result<Json> FhirService::read(const store::Scope& scope, std::string_view type, std::string_view id) {
  Search s;
  s.criteria = {{"_id", "", std::string(id)}};
  s.count = 1;
  WJ_ASSIGN_OR_RETURN(auto found, search(scope, type, s));
  if (found.resources.empty()) return not_found(type, id);
  return std::move(found.resources.front());
}

Result<Found> FhirService::search(const store::Scope& scope, std::string_view type, const Search& s) {
  const std::string today = today_in_shanghai().to_string();
  const int page = s.summary_count ? 1 : s.page, count = s.summary_count ? 1 : s.count;
  Found found;
  if (is_institution_type(type)) {
    WJ_ASSIGN_OR_RETURN(auto criteria, institution_search(type, s.criteria));
    WJ_ASSIGN_OR_RETURN(auto lease, db_.acquire());
    WJ_ASSIGN_OR_RETURN(auto pg, directory_.institutions(*lease, scope, criteria, page, count));
    found.total = pg.total;
    if (s.summary_count) return found;
    WJ_ASSIGN_OR_RETURN(auto rows, institution_rows(*lease, org_, pg.items));
    for (const auto& r : rows) found.resources.push_back(type == "Organization" ? organization(r) : location(r));
  } else if (type == "Practitioner") {
    WJ_ASSIGN_OR_RETURN(auto criteria, practitioner_search(s.criteria));
    WJ_ASSIGN_OR_RETURN(auto lease, db_.acquire());
    WJ_ASSIGN_OR_RETURN(auto pg, directory_.practitioners(*lease, scope, criteria, page, count));
    found.total = pg.total;
    if (s.summary_count) return found;
    for (const auto& e : pg.items) found.resources.push_back(practitioner(practitioner_row(e)));
  } else if (type == "PractitionerRole") {
    WJ_ASSIGN_OR_RETURN(auto criteria, role_search(s.criteria, today));
    WJ_ASSIGN_OR_RETURN(auto lease, db_.acquire());
    WJ_ASSIGN_OR_RETURN(auto pg, directory_.practice_roles(*lease, scope, criteria, page, count));
    found.total = pg.total;
    if (s.summary_count) return found;
    for (const auto& r : pg.items) found.resources.push_back(practitioner_role(role_row(r), today));
  } else {
    return unsupported_type(type);
  }
  return found;
}

}  // namespace weijian::fhir
