#pragma once
// Identity's sessions (table sessions): a signed-in user's token digest and its expiries.
#include <cstdint>
#include <optional>
#include <string>

#include "core/error.h"
#include "store/db.h"

namespace weijian::identity::sessions {

// A live (not revoked) session with the account it belongs to.
struct Session {
  std::string token_hash, expires_at, absolute_expires_at, last_seen_at;
  std::int64_t user_id = 0;
  std::string username, display_name, role;
  std::int64_t department_id = 0, jurisdiction_id = 0;
  std::string jurisdiction_path, status;
};

Result<std::optional<Session>> find_live(store::Conn& c, const std::string& token_hash);
Status insert(store::Conn& c, const std::string& token_hash, std::int64_t user_id, const std::string& now,
              const std::string& expires_at, const std::string& absolute_expires_at, const std::string& remote);
// Sliding expiry: seen at `now`, valid until `expires_at`.
Status touch(store::Conn& c, const std::string& token_hash, const std::string& now, const std::string& expires_at);
Status revoke(store::Conn& c, const std::string& token_hash, const std::string& now);
// Revokes every live session of the user (but `except_hash`, if given); returns how many.
Result<std::int64_t> revoke_all(store::Conn& c, std::int64_t user_id, const std::string& now,
                                const std::optional<std::string>& except_hash = std::nullopt);

}  // namespace weijian::identity::sessions
