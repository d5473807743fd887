#include "identity/credentials.h"

#include <gtest/gtest.h>

#include "identity/roles.h"

namespace weijian::identity {
namespace {

TEST(Password, HashIsArgon2idAndVerifies) {
  const std::string h = hash_password("Correct-Horse-9");
  EXPECT_EQ(h.rfind("$argon2id$", 0), 0u);
  EXPECT_TRUE(verify_password(h, "Correct-Horse-9"));
  EXPECT_FALSE(verify_password(h, "correct-horse-9"));
  EXPECT_NE(hash_password("Correct-Horse-9"), h) << "salted";
}

TEST(Password, PolicyNamesTheFieldAndTheReason) {
  SecurityPolicy p;
  EXPECT_TRUE(p.check_password("Abcdefgh12", "zhang", "new_password").ok());
  auto short_one = p.check_password("Ab1!", "zhang", "new_password");
  ASSERT_FALSE(short_one.ok());
  EXPECT_EQ(short_one.error().code, ErrorCode::invalid);
  EXPECT_EQ(short_one.error().errors.at(0).field, "new_password");
  EXPECT_NE(short_one.error().detail.find("长度不足"), std::string::npos);
  EXPECT_FALSE(p.check_password("abcdefghijkl", "zhang", "p").ok());  // one class
  EXPECT_FALSE(p.check_password("Zhang-2026-xyz", "zhang", "p").ok());  // contains user name
  // Length counts characters, not bytes: 9 characters (21 bytes) is too short, 11 is enough.
  EXPECT_FALSE(p.check_password("卫监平台密码Ab1", "zhang", "p").ok());
  EXPECT_TRUE(p.check_password("卫监平台密码管理Ab1", "zhang", "p").ok());
}

// RFC 6238 appendix B, SHA-1 rows (8-digit codes there; the last 6 digits here).
TEST(Totp, Rfc6238Vectors) {
  const std::string secret = totp::base32_encode("12345678901234567890");
  EXPECT_EQ(totp::code_at(secret, totp::step_at(59)), "287082");
  EXPECT_EQ(totp::code_at(secret, totp::step_at(1111111109)), "081804");
  EXPECT_EQ(totp::code_at(secret, totp::step_at(1234567890)), "005924");
  EXPECT_EQ(totp::code_at(secret, totp::step_at(2000000000)), "279037");
}

TEST(Totp, WindowAndReplay) {
  const std::string secret = totp::new_secret();
  EXPECT_EQ(secret.size(), 32u);
  const std::int64_t now = 1'800'000'000;
  const std::string code = totp::code_at(secret, totp::step_at(now));
  auto ok = totp::verify(secret, code, now, 0);
  ASSERT_TRUE(ok.ok());
  EXPECT_FALSE(totp::verify(secret, code, now, *ok).ok()) << "a code works once";
  EXPECT_TRUE(totp::verify(secret, totp::code_at(secret, totp::step_at(now) - 1), now, 0).ok());
  EXPECT_FALSE(totp::verify(secret, totp::code_at(secret, totp::step_at(now) - 2), now, 0).ok());
  EXPECT_FALSE(totp::verify(secret, "12345", now, 0).ok());
  EXPECT_FALSE(totp::verify(secret, "abcdef", now, 0).ok());
}

TEST(Totp, Base32RoundTripAndRejectsBadText) {
  EXPECT_EQ(totp::base32_encode("foobar"), "MZXW6YTBOI");  // RFC 4648 vector
  EXPECT_EQ(totp::base32_decode("MZXW 6YTB OI======").value(), "foobar");
  EXPECT_FALSE(totp::base32_decode("M1!").ok());
}

TEST(Roles, MatrixIsWhatWasReviewed) {
  EXPECT_TRUE(allowed("admin", "users.manage"));
  EXPECT_FALSE(allowed("section_head", "users.manage"));
  EXPECT_TRUE(allowed("section_head", "users.read"));
  EXPECT_FALSE(allowed("inspector", "ledger.read"));
  EXPECT_FALSE(allowed("nobody", "system.info"));
  EXPECT_FALSE(allowed("admin", "no.such.action"));
  for (const auto& r : roles()) {
    for (const auto& p : permissions_of(r.role)) EXPECT_TRUE(allowed(r.role, p));
  }
  EXPECT_TRUE(unrestricted_scope("admin"));
  EXPECT_FALSE(unrestricted_scope("section_head"));
}

}  // namespace
}  // namespace weijian::identity
