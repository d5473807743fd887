#include "registry/directory.h"

#include "registry/identifiers.h"
#include "store/query.h"

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

Result<Snapshot> Directory::snapshot(store::Conn& c) const {
  Snapshot s;
  WJ_ASSIGN_OR_RETURN(auto inst, c.query("SELECT medins_code, category FROM institutions WHERE medins_code IS NOT NULL"));
  s.institutions = store::map_rows(inst, [](const store::Row& r) { return InsuredInstitution{r.text("medins_code"), r.text("category")}; });
  WJ_ASSIGN_OR_RETURN(auto lic, c.query("SELECT i.medins_code, l.id AS license_id, e.effective_on, e.status_after, e.valid_until_after "
                                        "FROM license_events e JOIN practice_licenses l ON l.id = e.license_id "
                                        "JOIN institutions i ON i.id = l.institution_id "
                                        "WHERE i.medins_code IS NOT NULL ORDER BY l.id, e.effective_on, e.id"));
  s.licence_events = store::map_rows(lic, [](const store::Row& r) {
    return DatedLicenceEvent{r.integer("license_id"), r.text("medins_code"), r.text("effective_on"), r.text("status_after"),
                             r.text("valid_until_after")};
  });
  WJ_ASSIGN_OR_RETURN(auto reg, c.query("SELECT p.practice_cert_no, e.kind, e.effective_on, i.medins_code, e.expires_on "
                                        "FROM registration_events e JOIN practitioners p ON p.id = e.practitioner_id "
                                        "LEFT JOIN institutions i ON i.id = e.institution_id "
                                        "WHERE p.practice_cert_no IS NOT NULL AND e.kind IN ('register', 'change', 'renew', 'cancel') "
                                        "ORDER BY p.id, e.effective_on, e.id"));
  s.registration_events = store::map_rows(reg, [](const store::Row& r) {
    return DatedRegistrationEvent{r.text("practice_cert_no"), r.text("kind"), r.text("effective_on"), r.text("expires_on"),
                                  r.text("medins_code")};
  });
  WJ_ASSIGN_OR_RETURN(auto sites, c.query("SELECT p.practice_cert_no, i.medins_code, s.filed_on, s.ended_on FROM practice_sites s "
                                          "JOIN practitioners p ON p.id = s.practitioner_id JOIN institutions i ON i.id = s.institution_id "
                                          "WHERE p.practice_cert_no IS NOT NULL AND i.medins_code IS NOT NULL"));
  s.practice_sites = store::map_rows(sites, [](const store::Row& r) {
    return DatedPracticeSite{r.text("practice_cert_no"), r.text("medins_code"), r.text("filed_on"), r.text("ended_on")};
  });
  return s;
}

Result<std::string> Directory::fingerprint(store::Conn& c) const {
  WJ_ASSIGN_OR_RETURN(
      auto rows,
      c.query("SELECT CAST((SELECT coalesce(max(id), 0) FROM registration_events) AS TEXT) AS registration_events, "
              "CAST((SELECT coalesce(max(id), 0) FROM license_events) AS TEXT) AS license_events, "
              "(SELECT coalesce(max(updated_at), '') FROM institutions) AS institutions, "
              "(SELECT coalesce(max(updated_at), '') FROM practitioners) AS practitioners, "
              "CAST((SELECT count(*) FROM practice_sites) AS TEXT) AS sites, "
              "CAST((SELECT count(ended_on) FROM practice_sites) AS TEXT) AS sites_ended, "
              "(SELECT coalesce(max(ended_on), '') FROM practice_sites) AS last_ended"));
  std::string v;
  for (const char* col : {"registration_events", "license_events", "institutions", "practitioners", "sites", "sites_ended", "last_ended"})
    v += rows.row(0).text(col) + "|";
  return v;
}

namespace {

using store::Query;

void match_text(Query& q, const TextMatch& m, const char* column) {
  if (m.exact) q.where(std::string(column) + " = ?", m.text);
  else q.search({column}, m.text);
}

void match_status(Query& q, bool is, const char* column, const char* value) {
  q.where(std::string(column) + (is ? " = ?" : " <> ?"), std::string(value));
}


const char* const kInstitutions =
    "SELECT id, credit_code, name, category, grade, ownership, address, legal_representative, status, jurisdiction_id, "
    "jurisdiction_path FROM institutions";
const char* const kLicences =
    "SELECT id, institution_id, license_no, issued_on, valid_until, clinical_subjects, status, jurisdiction_path FROM practice_licenses";
const char* const kPractitioners =
    "SELECT id, id_number, name, kind, practice_cert_no, practice_category, status, registered_on, jurisdiction_path, institution_id "
    "FROM practitioners";

InstitutionRecord institution_of(const store::Row& r) {
  InstitutionRecord i;
  i.id = r.integer("id");
  i.credit_code = r.text("credit_code");
  i.name = r.text("name");
  i.category = r.text("category");
  i.grade = r.text("grade");
  i.ownership = r.text("ownership");
  i.address = r.text("address");
  i.legal_representative = r.text("legal_representative");
  i.status = r.text("status");
  i.jurisdiction_id = r.integer("jurisdiction_id");
  i.jurisdiction_path = r.text("jurisdiction_path");
  return i;
}

LicenceRecord licence_of(const store::Row& r) {
  return LicenceRecord{r.integer("id"),        r.integer("institution_id"), r.text("license_no"), r.text("issued_on"),
                       r.text("valid_until"),  r.text("clinical_subjects"), r.text("status"),     r.text("jurisdiction_path")};
}

PractitionerRecord practitioner_of(const store::Row& r) {
  return PractitionerRecord{r.integer("id"),          r.text("id_number"),         r.text("name"),
                            r.text("kind"),           r.text("practice_cert_no"),  r.text("practice_category"),
                            r.text("status"),         r.text("registered_on"),     r.text("jurisdiction_path"),
                            r.maybe_integer("institution_id")};
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

Result<store::PageOf<InstitutionEntry>> Directory::institutions(store::Conn& c, const store::Scope& scope, const InstitutionSearch& s,
                                                                int page, int page_size) const {
  auto q = Query::scoped(scope,
                         "SELECT i.id, i.credit_code, i.name, i.category, i.status, i.address, i.phone, i.medins_code, i.updated_at, "
                         "i.jurisdiction_id, i.jurisdiction_path FROM institutions i",
                         "i.jurisdiction_path");
  if (s.none) q.where_raw("1 = 0");
  for (auto id : s.ids) q.where("i.id = ?", id);
  for (const auto& m : s.names) match_text(q, m, "i.name");
  for (const auto& m : s.addresses) match_text(q, m, "i.address");
  for (bool a : s.active) match_status(q, a, "i.status", "active");
  for (const auto& code : s.codes) q.where("? IN (i.credit_code, i.medins_code)", code);
  for (const auto& code : s.credit_codes) q.where("i.credit_code = ?", code);
  for (const auto& code : s.medins_codes) q.where("i.medins_code = ?", code);
  for (const auto& cat : s.categories) q.where("i.category = ?", cat);
  q.order_by("i.id");
  WJ_ASSIGN_OR_RETURN(auto pg, q.page(c, page, page_size));
  return store::map_page(pg, [](const store::Row& r) {
    return InstitutionEntry{r.integer("id"),          r.text("credit_code"), r.text("name"),  r.text("category"),
                            r.text("status"),         r.text("address"),     r.text("phone"), r.text("updated_at"),
                            r.maybe_text("medins_code"), r.integer("jurisdiction_id"), r.text("jurisdiction_path")};
  });
}

Result<store::PageOf<PractitionerEntry>> Directory::practitioners(store::Conn& c, const store::Scope& scope, const PractitionerSearch& s,
                                                                  int page, int page_size) const {
  auto q = Query::scoped(scope,
                         "SELECT p.id, p.name, p.sex, p.kind, p.qualification_no, p.practice_cert_no, p.practice_category, "
                         "p.practice_scope, p.status, p.registered_on, p.registration_expires_on, p.updated_at FROM practitioners p",
                         "p.jurisdiction_path");
  if (s.none) q.where_raw("1 = 0");
  for (auto id : s.ids) q.where("p.id = ?", id);
  for (const auto& m : s.names) match_text(q, m, "p.name");
  for (bool a : s.active) match_status(q, a, "p.status", "registered");
  for (const auto& cert : s.practice_cert_nos) q.where("p.practice_cert_no = ?", cert);
  for (const auto& sex : s.sexes) q.where("p.sex = ?", sex);
  q.order_by("p.id");
  WJ_ASSIGN_OR_RETURN(auto pg, q.page(c, page, page_size));
  return store::map_page(pg, [](const store::Row& r) {
    PractitionerEntry e;
    e.id = r.integer("id");
    e.name = r.text("name");
    e.sex = r.text("sex");
    e.kind = r.text("kind");
    e.qualification_no = r.text("qualification_no");
    e.practice_cert_no = r.maybe_text("practice_cert_no");
    e.practice_category = r.text("practice_category");
    e.practice_scope = r.text("practice_scope");
    e.status = r.text("status");
    e.registered_on = r.maybe_text("registered_on");
    e.registration_expires_on = r.maybe_text("registration_expires_on");
    e.updated_at = r.text("updated_at");
    return e;
  });
}

Result<store::PageOf<PracticeRole>> Directory::practice_roles(store::Conn& c, const store::Scope& scope, const PracticeRoleSearch& s,
                                                              int page, int page_size) const {
  // The select list holds no subquery, so Query::page counts over the outer FROM.
  auto q = Query::scoped(
      scope,
      "SELECT r.practitioner_id, r.institution_id, r.is_primary, r.start_on, p.registration_expires_on, p.name AS practitioner_name, "
      "i.name AS institution_name, p.kind, p.practice_scope, p.status, p.updated_at FROM ("
      "SELECT id AS practitioner_id, institution_id, 1 AS is_primary, registered_on AS start_on FROM practitioners "
      "WHERE institution_id IS NOT NULL "
      "UNION ALL "
      "SELECT s.practitioner_id, s.institution_id, 0, s.filed_on FROM practice_sites s "
      "JOIN practitioners q ON q.id = s.practitioner_id WHERE s.ended_on IS NULL "
      "AND (q.institution_id IS NULL OR q.institution_id <> s.institution_id) "
      "AND NOT EXISTS (SELECT 1 FROM practice_sites e WHERE e.practitioner_id = s.practitioner_id "
      "AND e.institution_id = s.institution_id AND e.ended_on IS NULL AND e.filed_on < s.filed_on)"
      ") r JOIN practitioners p ON p.id = r.practitioner_id JOIN institutions i ON i.id = r.institution_id",
      "p.jurisdiction_path");
  if (s.none) q.where_raw("1 = 0");
  for (auto id : s.practitioner_ids) q.where("r.practitioner_id = ?", id);
  for (auto id : s.institution_ids) q.where("r.institution_id = ?", id);
  for (const auto& kind : s.kinds) q.where("p.kind = ?", kind);
  const std::string in_force = "p.status = 'registered' AND (p.registration_expires_on IS NULL OR p.registration_expires_on >= ?)";
  for (bool b : s.in_force) q.where(b ? in_force : "NOT (" + in_force + ")", s.on);
  q.order_by("r.practitioner_id, r.is_primary DESC, r.institution_id");
  WJ_ASSIGN_OR_RETURN(auto pg, q.page(c, page, page_size));
  return store::map_page(pg, [](const store::Row& r) {
    PracticeRole role;
    role.practitioner_id = r.integer("practitioner_id");
    role.institution_id = r.integer("institution_id");
    role.primary = r.integer("is_primary") == 1;
    role.start_on = r.maybe_text("start_on");
    role.registration_expires_on = r.maybe_text("registration_expires_on");
    role.practitioner_name = r.text("practitioner_name");
    role.institution_name = r.text("institution_name");
    role.kind = r.text("kind");
    role.practice_scope = r.text("practice_scope");
    role.status = r.text("status");
    role.updated_at = r.text("updated_at");
    return role;
  });
}

Result<std::optional<InstitutionRecord>> Directory::institution(store::Conn& c, std::int64_t id) const {
  WJ_ASSIGN_OR_RETURN(auto rows, c.query(std::string(kInstitutions) + " WHERE id = $1", {id}));
  return store::first_row(rows, institution_of);
}

Result<std::vector<InstitutionRecord>> Directory::institutions(store::Conn& c, const store::Scope& scope) const {
  WJ_ASSIGN_OR_RETURN(auto rows, store::Query::scoped(scope, kInstitutions, "jurisdiction_path").order_by("id").all(c));
  return store::map_rows(rows, institution_of);
}

Result<std::vector<LicenceRecord>> Directory::licences_of(store::Conn& c, std::int64_t institution_id) const {
  WJ_ASSIGN_OR_RETURN(auto rows, c.query(std::string(kLicences) + " WHERE institution_id = $1 ORDER BY id", {institution_id}));
  return store::map_rows(rows, licence_of);
}

Result<std::vector<LicenceRecord>> Directory::licences_with_status(store::Conn& c, const store::Scope& scope,
                                                                   const std::string& status) const {
  WJ_ASSIGN_OR_RETURN(auto rows, store::Query::scoped(scope, kLicences, "jurisdiction_path")
                                     .where("status = ?", status)
                                     .order_by("institution_id, id")
                                     .all(c));
  return store::map_rows(rows, licence_of);
}

Result<std::optional<std::string>> Directory::last_licence_event_on(store::Conn& c, std::int64_t licence_id, const std::string& kind) const {
  WJ_ASSIGN_OR_RETURN(auto rows, c.query("SELECT max(effective_on) AS last_on FROM license_events WHERE license_id = $1 AND kind = $2",
                                         {licence_id, kind}));
  return rows.row(0).maybe_text("last_on");
}

Result<std::vector<LicenceEvent>> Directory::licence_events_after(store::Conn& c, const store::Scope& scope, std::int64_t after_id) const {
  WJ_ASSIGN_OR_RETURN(
      auto rows,
      store::Query::scoped(scope,
                           "SELECT e.id AS event_id, e.kind, e.effective_on, e.status_after, e.valid_until_after, l.id, "
                           "l.institution_id, l.license_no, l.issued_on, l.valid_until, l.clinical_subjects, l.status, "
                           "l.jurisdiction_path, i.credit_code, i.name, i.legal_representative FROM license_events e JOIN "
                           "practice_licenses l ON l.id = e.license_id JOIN institutions i ON i.id = l.institution_id",
                           "l.jurisdiction_path")
          .where("e.id > ?", after_id)
          .order_by("e.id")
          .all(c));
  return store::map_rows(rows, [](const store::Row& r) {
    return LicenceEvent{r.integer("event_id"), r.text("kind"),        r.text("effective_on"),
                        r.text("status_after"), r.text("valid_until_after"), licence_of(r),
                        r.text("credit_code"),  r.text("name"),        r.text("legal_representative")};
  });
}

Result<std::optional<PractitionerRecord>> Directory::practitioner(store::Conn& c, std::int64_t id) const {
  WJ_ASSIGN_OR_RETURN(auto rows, c.query(std::string(kPractitioners) + " WHERE id = $1", {id}));
  return store::first_row(rows, practitioner_of);
}

Result<std::vector<PractitionerRecord>> Directory::practitioners_of(store::Conn& c, std::int64_t institution_id) const {
  WJ_ASSIGN_OR_RETURN(auto rows, c.query(std::string(kPractitioners) + " WHERE institution_id = $1 ORDER BY id", {institution_id}));
  return store::map_rows(rows, practitioner_of);
}

Result<std::vector<InstitutionRecord>> Directory::institutions_by_id(store::Conn& c, const std::vector<std::int64_t>& ids) const {
  if (ids.empty()) return std::vector<InstitutionRecord>{};
  store::Params params;
  const std::string in = in_list(ids, params);
  auto rows = c.query(std::string(kInstitutions) + " WHERE id IN (" + in + ") ORDER BY id", params);
  if (!rows.ok()) return rows.error();
  return store::map_rows(*rows, institution_of);
}

Result<std::vector<InstitutionRecord>> Directory::institutions_within(store::Conn& c, const std::string& path_prefix) const {
  auto rows = c.query(std::string(kInstitutions) + " WHERE jurisdiction_path LIKE $1 ESCAPE '\\' ORDER BY id",
                      {store::like_escape(path_prefix) + "%"});
  if (!rows.ok()) return rows.error();
  return store::map_rows(*rows, institution_of);
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
