#include "identity/session_store.h"

namespace weijian::identity::sessions {

Result<std::optional<Session>> find_live(store::Conn& c, const std::string& token_hash) {
  WJ_ASSIGN_OR_RETURN(auto rows,
                      c.query("SELECT s.token_hash, s.expires_at, s.absolute_expires_at, s.last_seen_at, u.id AS user_id, u.username, "
                              "u.display_name, u.role, u.department_id, u.jurisdiction_id, u.jurisdiction_path, u.status "
                              "FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.token_hash = $1 AND s.revoked_at IS NULL",
                              {token_hash}));
  return store::first_row(rows, [](const store::Row& r) {
    return Session{r.text("token_hash"),      r.text("expires_at"),       r.text("absolute_expires_at"),
                   r.text("last_seen_at"),    r.integer("user_id"),       r.text("username"),
                   r.text("display_name"),    r.text("role"),             r.integer("department_id"),
                   r.integer("jurisdiction_id"), r.text("jurisdiction_path"), r.text("status")};
  });
}

Status insert(store::Conn& c, const std::string& token_hash, std::int64_t user_id, const std::string& now,
              const std::string& expires_at, const std::string& absolute_expires_at, const std::string& remote) {
  WJ_TRY(c.exec("INSERT INTO sessions (token_hash, user_id, created_at, last_seen_at, expires_at, absolute_expires_at, "
                "remote) VALUES ($1, $2, $3, $3, $4, $5, $6)",
                {token_hash, user_id, now, expires_at, absolute_expires_at, remote}));
  return {};
}

Status touch(store::Conn& c, const std::string& token_hash, const std::string& now, const std::string& expires_at) {
  WJ_TRY(c.exec("UPDATE sessions SET last_seen_at = $1, expires_at = $2 WHERE token_hash = $3", {now, expires_at, token_hash}));
  return {};
}

Status revoke(store::Conn& c, const std::string& token_hash, const std::string& now) {
  WJ_TRY(c.exec("UPDATE sessions SET revoked_at = $1 WHERE token_hash = $2", {now, token_hash}));
  return {};
}

Result<std::int64_t> revoke_all(store::Conn& c, std::int64_t user_id, const std::string& now,
                                const std::optional<std::string>& except_hash) {
  if (except_hash)
    return c.exec("UPDATE sessions SET revoked_at = $1 WHERE user_id = $2 AND token_hash <> $3 AND revoked_at IS NULL",
                  {now, user_id, *except_hash});
  return c.exec("UPDATE sessions SET revoked_at = $1 WHERE user_id = $2 AND revoked_at IS NULL", {now, user_id});
}

}  // namespace weijian::identity::sessions
