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

// An institution as other modules see it: what inspection draws, grades and renders.
struct InstitutionRef {
  std::int64_t id = 0;
  std::string credit_code, name, category, ownership, address, status;
  std::int64_t jurisdiction_id = 0;
  std::string jurisdiction_path;
};

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

  // --- institutions and inspectors, for inspection's draws and tasks ---
  Result<std::optional<InstitutionRef>> institution(store::Conn& c, std::int64_t id) const;
  // The given institutions (ids not found are absent), in id order.
  Result<std::vector<InstitutionRef>> institutions(store::Conn& c, const std::vector<std::int64_t>& ids) const;
  // Every institution whose jurisdiction path starts with `path_prefix` ("" for all), in id order.
  Result<std::vector<InstitutionRef>> institutions_within(store::Conn& c, const std::string& path_prefix) const;
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
