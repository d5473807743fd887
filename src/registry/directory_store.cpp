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

const char* const kInstitutions =
    "SELECT id, credit_code, name, category, grade, address, legal_representative, status, jurisdiction_path FROM institutions";
const char* const kLicences =
    "SELECT id, institution_id, license_no, issued_on, valid_until, clinical_subjects, status, jurisdiction_path FROM practice_licenses";
const char* const kPractitioners =
    "SELECT id, id_number, name, kind, practice_cert_no, practice_category, status, registered_on, jurisdiction_path, institution_id "
    "FROM practitioners";

InstitutionRecord institution_of(const store::Row& r) {
  return InstitutionRecord{r.integer("id"),      r.text("credit_code"), r.text("name"),
                           r.text("category"),   r.text("grade"),       r.text("address"),
                           r.text("legal_representative"), r.text("status"), r.text("jurisdiction_path")};
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

}  // namespace

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

}  // namespace weijian::registry
