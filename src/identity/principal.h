#pragma once
// Who is acting: the authenticated user behind a request, with the data scope it implies.
#include <cstdint>
#include <string>

#include "identity/roles.h"
#include "ledger/ledger.h"
#include "store/query.h"

namespace weijian::identity {

struct Principal {
  std::int64_t user_id = 0;
  std::string username;
  std::string display_name;
  std::string role;
  std::int64_t department_id = 0;
  std::int64_t jurisdiction_id = 0;
  std::string jurisdiction_path;
  std::string session_hash;  // SM3 of the session token
  std::string expires_at;

  store::Scope scope() const {
    return unrestricted_scope(role) ? store::Scope::all() : store::Scope{false, jurisdiction_path};
  }
  bool can(std::string_view action) const { return allowed(role, action); }
  // A ledger event acted by this principal on a subject within `subject_path`.
  ledger::Event event(std::string action, std::string subject_type, std::string subject_id, std::string subject_path,
                      Json change) const {
    return {user_id, display_name + "（" + username + "）", department_id, std::move(subject_path), std::move(action),
            std::move(subject_type), std::move(subject_id), std::move(change)};
  }
  static Principal system() {
    Principal p;
    p.username = "system";
    p.display_name = "系统";
    p.role = "admin";
    return p;
  }
};

}  // namespace weijian::identity
