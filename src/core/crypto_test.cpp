#include "core/crypto.h"

#include <gtest/gtest.h>

namespace weijian::crypto {
namespace {

// Test vectors from GB/T 32905-2016, appendix A.
TEST(Sm3, StandardVectorAbc) {
  EXPECT_EQ(sm3_hex("abc"), "66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0");
}

TEST(Sm3, StandardVector64Bytes) {
  std::string m;
  for (int i = 0; i < 16; ++i) m += "abcd";
  EXPECT_EQ(sm3_hex(m), "debe9ff92275b8a138604889c18e5a4d6fdb70e5387e5765293dcba39c0c5732");
}

TEST(Sm3, EmptyInputIsNotTheSameAsOneZeroByte) {
  EXPECT_NE(sm3_hex(""), sm3_hex(std::string(1, '\0')));
}

}  // namespace
}  // namespace weijian::crypto

namespace weijian::crypto {
namespace {

TEST(SecretBox, SealsAndOpensAndDetectsTampering) {
  const auto box = SecretBox::from_key(random_bytes(48));
  const std::string sealed = box.seal("JBSWY3DPEHPK3PXP");
  EXPECT_EQ(sealed.find("JBSWY3"), std::string::npos);
  EXPECT_EQ(box.open(sealed).value(), "JBSWY3DPEHPK3PXP");
  EXPECT_NE(box.seal("same"), box.seal("same")) << "random IV";
  std::string tampered = sealed;
  tampered[40] = tampered[40] == '0' ? '1' : '0';
  EXPECT_FALSE(box.open(tampered).ok());
  const auto other = SecretBox::from_key(random_bytes(48));
  EXPECT_FALSE(other.open(sealed).ok());
}

TEST(Sm2, SignaturesVerifyWithThePublicKeyOnly) {
  const std::string path = ::testing::TempDir() + "/wj_sm2_test.pem";
  std::remove(path.c_str());
  auto signer = Sm2Signer::load_or_create(path);
  ASSERT_TRUE(signer.ok()) << signer.error().detail;
  const std::string pem = signer->public_key_pem();
  auto sig = signer->sign("head 42 abcdef");
  ASSERT_TRUE(sig.ok());
  EXPECT_TRUE(Sm2Signer::verify(pem, "head 42 abcdef", *sig).value());
  EXPECT_FALSE(Sm2Signer::verify(pem, "head 43 abcdef", *sig).value());
  // The same key file loads again and still verifies.
  auto again = Sm2Signer::load_or_create(path);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->public_key_pem(), pem);
  EXPECT_TRUE(Sm2Signer::verify(pem, "x", again->sign("x").value()).value());
  std::remove(path.c_str());
}

TEST(Hmac, Rfc2202Sha1VectorAndSm3Differs) {
  EXPECT_EQ(to_hex(hmac_sha1(std::string(20, '\x0b'), "Hi There")), "b617318655057264e28bc0b6fb378c8ef146be00");
  EXPECT_EQ(hmac_sm3("k", "d").size(), 32u);
}

TEST(Hex, RoundTripsAndRefusesGarbage) {
  EXPECT_EQ(from_hex(to_hex(std::string("\x00\xff\x10", 3))).value(), std::string("\x00\xff\x10", 3));
  EXPECT_FALSE(from_hex("abc").ok());
  EXPECT_FALSE(from_hex("zz").ok());
}

}  // namespace
}  // namespace weijian::crypto
