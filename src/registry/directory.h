#pragma once
// The registry's read port: what other modules may know of the registry's subjects. Modules
// never query the registry's tables; they are given a Directory (app/ connects it) and ask it.
// Every function takes the caller's open connection, so an answer is part of the caller's
// transaction and sees what that transaction sees.
#include <cstdint>
#include <optional>
#include <string>

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
};

}  // namespace weijian::registry
