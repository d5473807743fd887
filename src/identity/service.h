#pragma once
// Identity: authentication and sessions, users, departments and the jurisdiction tree.
// Every change writes its ledger entry in the same transaction.
#include <optional>
#include <string>

#include "core/crypto.h"
#include "core/fields.h"
#include "core/json.h"
#include "identity/credentials.h"
#include "identity/principal.h"
#include "store/db.h"

namespace weijian::identity {

struct LoginOutcome {
  std::string token;  // give to the client once; only its SM3 digest is stored
  Principal principal;
};

struct UserFilter {
  std::string q, role, status;
  std::int64_t department_id = 0, jurisdiction_id = 0;
  int page = 1, page_size = 20;
};

class IdentityService {
 public:
  IdentityService(store::Db& db, crypto::SecretBox box, SecurityPolicy policy)
      : db_(db), box_(std::move(box)), policy_(std::move(policy)) {}

  const SecurityPolicy& policy() const { return policy_; }

  // --- authentication ---
  Result<LoginOutcome> login(const std::string& username, const std::string& password,
                             const std::string& totp_code, const std::string& remote);
  Result<Principal> authenticate(const std::string& token);
  Status logout(const Principal& p);
  Status change_password(const Principal& p, const std::string& old_password, const std::string& new_password);
  Result<Json> totp_setup(const Principal& p);
  Status totp_enable(const Principal& p, const std::string& code);
  Status totp_disable(const Principal& p, const std::string& password);
  Json me(const Principal& p);

  // --- users (within the caller's data scope) ---
  Result<Json> list_users(const Principal& p, const UserFilter& f);
  Result<std::string> export_users_csv(const Principal& p, UserFilter f);
  Result<Json> get_user(const Principal& p, std::int64_t id);
  Result<Json> create_user(const Principal& p, const Json& body);
  Result<Json> update_user(const Principal& p, std::int64_t id, const Json& body);
  Status reset_password(const Principal& p, std::int64_t id, const std::string& new_password);
  Status unlock_user(const Principal& p, std::int64_t id);
  Status revoke_sessions(const Principal& p, std::int64_t id);
  Result<Json> user_history(const Principal& p, std::int64_t id);

  // --- departments and jurisdictions ---
  Result<Json> list_departments(const std::string& q);
  Result<Json> create_department(const Principal& p, const Json& body);
  Result<Json> update_department(const Principal& p, std::int64_t id, const Json& body);
  Result<Json> list_jurisdictions();
  Result<Json> create_jurisdiction(const Principal& p, const Json& body);
  Result<Json> update_jurisdiction(const Principal& p, std::int64_t id, const Json& body);

  // --- bootstrap ---
  // First start: departments from data/identity/departments.csv and the city root.
  Status seed(const std::string& data_dir, const std::string& city_code, const std::string& city_name);
  // `weijian admin create`: an administrator in the city root, with a second factor.
  Result<Json> create_admin(const std::string& username, const std::string& display_name, const std::string& password,
                            const std::string& totp_secret);
  Result<std::string> current_totp_code(const std::string& username);

 private:
  Result<Json> user_json(store::Conn& c, const store::Scope& scope, std::int64_t id);
  Status validate_user_refs(store::Conn& c, const Principal& p, const Json& body, FieldReader& errs,
                            std::string* jurisdiction_path);
  Result<std::int64_t> insert_user(store::Conn& c, const Principal& p, const Json& body, const std::string& password,
                                   const std::string& sealed_totp);
  Status record_failure(store::Conn& c, const store::Rows& user, const std::string& remote, std::string& message);

  store::Db& db_;
  crypto::SecretBox box_;
  SecurityPolicy policy_;
};

}  // namespace weijian::identity
