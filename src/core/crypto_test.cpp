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
