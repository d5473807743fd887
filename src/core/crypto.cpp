#include "core/crypto.h"

#include <openssl/evp.h>

#include <memory>
#include <stdexcept>

namespace weijian::crypto {

Sm3Digest sm3(std::string_view data) {
  // Fetched once: the provider lookup is the expensive part of a small digest.
  static EVP_MD* md = EVP_MD_fetch(nullptr, "SM3", nullptr);
  if (!md) throw std::runtime_error("OpenSSL has no SM3: the national digest is required");
  Sm3Digest out{};
  unsigned int len = 0;
  if (EVP_Digest(data.data(), data.size(), out.data(), &len, md, nullptr) != 1 || len != out.size())
    throw std::runtime_error("SM3 digest failed");
  return out;
}

std::string to_hex(const std::uint8_t* data, std::size_t size) {
  static constexpr char digits[] = "0123456789abcdef";
  std::string out(size * 2, '0');
  for (std::size_t i = 0; i < size; ++i) {
    out[2 * i] = digits[data[i] >> 4];
    out[2 * i + 1] = digits[data[i] & 0xf];
  }
  return out;
}

std::string sm3_hex(std::string_view data) {
  const auto d = sm3(data);
  return to_hex(d.data(), d.size());
}

}  // namespace weijian::crypto
