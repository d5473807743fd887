#pragma once
// Passwords (Argon2id, libsodium), the password policy, and RFC 6238 one-time codes.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"

namespace weijian::identity {

// Security settings that a city may tighten; loaded from data/identity/security_policy.json.
struct SecurityPolicy {
  int password_min_length = 10;
  int password_min_classes = 3;
  int max_failed_logins = 5;
  int failure_window_minutes = 15;
  int lockout_minutes = 30;
  int session_idle_minutes = 30;
  int session_absolute_hours = 12;
  std::vector<std::string> totp_required_roles = {"admin"};

  static Result<SecurityPolicy> load(const std::string& path);
  bool totp_required(std::string_view role) const;
  // Field-level error on `field` when the password breaks the policy.
  Status check_password(std::string_view password, std::string_view username, std::string_view field) const;
};

std::string hash_password(std::string_view password);
bool verify_password(std::string_view hash, std::string_view password);
// Spends the same time as a real verification, for unknown user names.
void burn_password_check(std::string_view password);

// RFC 6238 TOTP: HMAC-SHA1, 30-second steps, 6 digits (what authenticator apps use).
namespace totp {
std::string new_secret();  // base32, 160 bits
std::string base32_encode(std::string_view bytes);
Result<std::string> base32_decode(std::string_view text);
std::string code_at(std::string_view secret_base32, std::int64_t step);
std::int64_t step_at(std::int64_t unix_seconds);
// Accepts the code for the current step or one step either side, and only for a step later
// than `last_used_step` (a code works once). Returns the step that matched.
Result<std::int64_t> verify(std::string_view secret_base32, std::string_view code, std::int64_t unix_seconds,
                            std::int64_t last_used_step);
std::string otpauth_uri(std::string_view secret_base32, std::string_view account);
}  // namespace totp

}  // namespace weijian::identity
