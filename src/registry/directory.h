#pragma once
// The registry's read port: what other modules may know of the registry's subjects. Modules
// never query the registry's tables; they are given a Directory (app/ connects it) and ask it.
// Every function takes the caller's open connection, so an answer is part of the caller's
// transaction and sees what that transaction sees.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/error.h"
#include "core/fields.h"
#include "store/db.h"
#include "store/query.h"

namespace weijian::registry {

// A law-enforcement inspector (执法人员) and the certificate that lets them inspect.
struct InspectorRef {
  std::int64_t id = 0;
  std::string name;
  std::optional<std::int64_t> user_id;  // the inspector's own account, if any
  std::int64_t department_id = 0;
  std::string jurisdiction_path, cert_no, cert_valid_until, specialties, status;
};

// A declared conflict of interest: the inspector must not inspect the institution.
struct InspectorConflict {
  std::int64_t inspector_id = 0, institution_id = 0;
  std::string reason;
};

// An institution (by 统一社会信用代码) or a practitioner (by 公民身份号码) of the registry: the
// party of a penalty, of misconduct points, of a list entry.
struct Subject {
  std::string kind;  // institution, practitioner; empty: none
  std::int64_t id = 0;
  std::string code, name, legal_representative, jurisdiction_path;
};

// What the registry knows, dated, of the parties of medical-insurance claims: institutions with a
// 医保编码 (medins_code) and practitioners with a 执业证书编号, for a module that answers
// point-in-time questions from memory instead of querying per claim line.
struct InsuredInstitution {
  std::string medins_code, category;
};
struct DatedLicenceEvent {  // one change of a practice licence of an institution with a medins_code
  std::int64_t license_id = 0;
  std::string medins_code, effective_on, status_after, valid_until_after;
};
struct DatedRegistrationEvent {  // register, change, renew or cancel of a certified practitioner
  std::string practice_cert_no, kind, effective_on, expires_on;
  std::string medins_code;  // of the institution registered at; "" when it has none
};
struct DatedPracticeSite {  // an additional practice site (多机构执业) filed, at an institution with a medins_code
  std::string practice_cert_no, medins_code, filed_on, ended_on;  // ended_on "" while filed
};
struct Snapshot {
  std::vector<InsuredInstitution> institutions;
  std::vector<DatedLicenceEvent> licence_events;             // by licence, then date
  std::vector<DatedRegistrationEvent> registration_events;  // by practitioner, then date
  std::vector<DatedPracticeSite> practice_sites;
};

// Searches over the registry for interoperable reads (FHIR): each entry of a vector is one more
// condition, all of which must hold (a criterion repeated is AND); `none` matches nothing.
struct TextMatch {
  std::string text;
  bool exact = false;  // else a case-insensitive substring
};
struct InstitutionSearch {
  bool none = false;
  std::vector<std::int64_t> ids;
  std::vector<TextMatch> names, addresses;
  std::vector<bool> active;  // status is (true) or is not (false) 'active'
  std::vector<std::string> codes;  // 统一社会信用代码 or 医保编码
  std::vector<std::string> credit_codes, medins_codes, categories;
};
// What may be shown of an institution to an outside system: no legal representative, no person in charge.
struct InstitutionEntry {
  std::int64_t id = 0;
  std::string credit_code, name, category, status, address, phone, updated_at;
  std::optional<std::string> medins_code;
  std::int64_t jurisdiction_id = 0;
  std::string jurisdiction_path;
};
struct PractitionerSearch {
  bool none = false;
  std::vector<std::int64_t> ids;
  std::vector<TextMatch> names;
  std::vector<bool> active;  // status is (true) or is not (false) 'registered'
  std::vector<std::string> practice_cert_nos, sexes;  // sex: M, F
};
// What may be shown of a practitioner to an outside system: never the ID number or birth date.
struct PractitionerEntry {
  std::int64_t id = 0;
  std::string name, sex, kind, qualification_no, practice_category, practice_scope, status, updated_at;
  std::optional<std::string> practice_cert_no, registered_on, registration_expires_on;
};
// Where a practitioner practises: the primary institution, and each additional practice site
// still filed (once per institution, never repeating the primary one).
struct PracticeRoleSearch {
  bool none = false;
  std::vector<std::int64_t> practitioner_ids, institution_ids;
  std::vector<std::string> kinds;
  // In force on `on`: registered, and the registration not expired before that day.
  std::vector<bool> in_force;
  std::string on;
};
struct PracticeRole {
  std::int64_t practitioner_id = 0, institution_id = 0;
  bool primary = true;
  std::optional<std::string> start_on, registration_expires_on;
  std::string practitioner_name, institution_name, kind, practice_scope, status, updated_at;
};

// An institution as the registry holds it (机构名录): what credit records and inspection draws,
// grades and renders.
struct InstitutionRecord {
  std::int64_t id = 0;
  std::string credit_code, name, category, grade, ownership, address, legal_representative, status;
  std::int64_t jurisdiction_id = 0;
  std::string jurisdiction_path;
};

// A 医疗机构执业许可证.
struct LicenceRecord {
  std::int64_t id = 0, institution_id = 0;
  std::string license_no, issued_on, valid_until, clinical_subjects, status, jurisdiction_path;
};

// One dated event of a licence (issue, validate, suspend, revoke …), with the licence and its holder.
struct LicenceEvent {
  std::int64_t id = 0;
  std::string kind, effective_on, status_after, valid_until_after;
  LicenceRecord licence;
  std::string institution_credit_code, institution_name, institution_legal_representative;
};

// A practitioner as the registry holds them (医务人员名录).
struct PractitionerRecord {
  std::int64_t id = 0;
  std::string id_number, name, kind, practice_cert_no, practice_category, status, registered_on, jurisdiction_path;
  std::optional<std::int64_t> institution_id;
};

class Directory {
 public:
  // The subject with this code (normalised first), or nullopt.
  Result<std::optional<Subject>> subject(store::Conn& c, const std::string& code) const;
  // The same for a form field: not found, or outside `scope`, is a 422 on `field`.
  Result<Subject> find_subject(store::Conn& c, const std::string& code, const char* field,
                               const store::Scope& scope = store::Scope::all()) const;
  // For a form that reports every problem at once: the subject named by `code` (already read
  // by `r`), or an empty Subject with the reason added to `r`. Only store failures are errors.
  Result<Subject> read_subject(store::Conn& c, const store::Scope& scope, const std::optional<std::string>& code,
                               FieldReader& r, const char* field) const;

  // Everything dated that claims' point-in-time rules read (see Snapshot).
  Result<Snapshot> snapshot(store::Conn& c) const;
  // A fingerprint of what snapshot() reads, cheap to query: it changes whenever the registry does
  // (events appended, institutions or practitioners updated, practice sites filed or ended).
  Result<std::string> fingerprint(store::Conn& c) const;

  // Pages of entries within `scope`, ordered by id (roles: by practitioner, primary first, institution).
  Result<store::PageOf<InstitutionEntry>> institutions(store::Conn& c, const store::Scope& scope, const InstitutionSearch& s,
                                                       int page, int page_size) const;
  Result<store::PageOf<PractitionerEntry>> practitioners(store::Conn& c, const store::Scope& scope, const PractitionerSearch& s,
                                                         int page, int page_size) const;
  Result<store::PageOf<PracticeRole>> practice_roles(store::Conn& c, const store::Scope& scope, const PracticeRoleSearch& s,
                                                     int page, int page_size) const;

  Result<std::optional<InstitutionRecord>> institution(store::Conn& c, std::int64_t id) const;
  // The institutions within the scope, in id order.
  Result<std::vector<InstitutionRecord>> institutions(store::Conn& c, const store::Scope& scope) const;
  // An institution's licences, in id order.
  Result<std::vector<LicenceRecord>> licences_of(store::Conn& c, std::int64_t institution_id) const;
  // The licences of a status whose jurisdiction lies within the scope, by institution then id.
  Result<std::vector<LicenceRecord>> licences_with_status(store::Conn& c, const store::Scope& scope, const std::string& status) const;
  // The latest effective date of a licence's events of a kind (e.g. when it was revoked), if any.
  Result<std::optional<std::string>> last_licence_event_on(store::Conn& c, std::int64_t licence_id, const std::string& kind) const;
  // Licence events after event `after_id`, in order, of licences within the scope.
  Result<std::vector<LicenceEvent>> licence_events_after(store::Conn& c, const store::Scope& scope, std::int64_t after_id) const;
  Result<std::optional<PractitionerRecord>> practitioner(store::Conn& c, std::int64_t id) const;
  // The practitioners registered at (or last at) an institution, in id order.
  Result<std::vector<PractitionerRecord>> practitioners_of(store::Conn& c, std::int64_t institution_id) const;

  // --- for inspection's draws and tasks ---
  // The given institutions (ids not found are absent), in id order.
  Result<std::vector<InstitutionRecord>> institutions_by_id(store::Conn& c, const std::vector<std::int64_t>& ids) const;
  // Every institution whose jurisdiction path starts with `path_prefix` ("" for all), in id order.
  Result<std::vector<InstitutionRecord>> institutions_within(store::Conn& c, const std::string& path_prefix) const;
  // Ids of the institutions whose name contains `text` (case-insensitive, as list searches match).
  Result<std::vector<std::int64_t>> institution_ids_named(store::Conn& c, const std::string& text) const;
  // Ids of the institutions within `path_prefix` holding a valid (or deferred) practice licence whose
  // validation (校验) was due before `date`.
  Result<std::vector<std::int64_t>> validation_overdue(store::Conn& c, const std::string& path_prefix, const std::string& date) const;

  Result<std::optional<InspectorRef>> inspector(store::Conn& c, std::int64_t id) const;
  // Every inspector, in id order.
  Result<std::vector<InspectorRef>> inspectors(store::Conn& c) const;
  // Ids of the inspector records of a user account.
  Result<std::vector<std::int64_t>> inspectors_of_user(store::Conn& c, std::int64_t user_id) const;
  // Every declared conflict of interest.
  Result<std::vector<InspectorConflict>> inspector_conflicts(store::Conn& c) const;
};

}  // namespace weijian::registry
