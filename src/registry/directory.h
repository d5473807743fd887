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

// An institution (by 统一社会信用代码) or a practitioner (by 公民身份号码) of the registry: the
// party of a penalty, of misconduct points, of a list entry.
struct Subject {
  std::string kind;  // institution, practitioner; empty: none
  std::int64_t id = 0;
  std::string code, name, legal_representative, jurisdiction_path;
};

// An institution as the registry holds it (机构名录).
struct InstitutionRecord {
  std::int64_t id = 0;
  std::string credit_code, name, category, grade, address, legal_representative, status, jurisdiction_path;
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
};

}  // namespace weijian::registry
