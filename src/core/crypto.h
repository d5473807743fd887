#pragma once
// National algorithms (国密) through OpenSSL 3: SM3 digests, SM4-CBC with HMAC-SM3
// (encrypt-then-MAC) for secrets at rest, SM2 signatures with the distinguishing ID set
// explicitly. Random bytes come from OpenSSL's CSPRNG.
#include <array>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "core/error.h"

namespace weijian::crypto {

using Sm3Digest = std::array<std::uint8_t, 32>;

Sm3Digest sm3(std::string_view data);
std::string sm3_hex(std::string_view data);
std::string hmac_sm3(std::string_view key, std::string_view data);   // 32 raw bytes
std::string hmac_sha1(std::string_view key, std::string_view data);  // for RFC 6238 TOTP only
std::string to_hex(const std::uint8_t* data, std::size_t size);
std::string to_hex(std::string_view bytes);
Result<std::string> from_hex(std::string_view hex);
std::string random_bytes(std::size_t n);
bool equal_constant_time(std::string_view a, std::string_view b);
// Creates (mode 0700) the folder that holds key files.
Status ensure_key_dir(const std::string& dir);

// Seals small secrets (e.g. second-factor seeds) at rest: SM4-CBC, random IV, HMAC-SM3 over
// IV and ciphertext. The 48-byte key (16 encryption + 32 MAC) lives in a file of its own,
// apart from the database, so a copy of the database alone reveals nothing.
class SecretBox {
 public:
  static Result<SecretBox> load_or_create(const std::string& path);
  static SecretBox from_key(std::string key48);
  std::string seal(std::string_view plaintext) const;        // hex
  Result<std::string> open(std::string_view sealed_hex) const;

 private:
  std::string enc_key_, mac_key_;
};

// The server's SM2 signing key, kept in a PEM file (mode 0600).
class Sm2Signer {
 public:
  // GM/T 0009-2012's default distinguishing ID, set explicitly so that any SM2 verifier
  // (e.g. `openssl pkeyutl -verify -rawin -digest sm3 -pkeyopt distid:…`) agrees.
  static constexpr std::string_view kDistinguishingId = "1234567812345678";

  static Result<Sm2Signer> load_or_create(const std::string& path);
  Sm2Signer(Sm2Signer&&) noexcept;
  ~Sm2Signer();
  std::string public_key_pem() const;
  Result<std::string> sign(std::string_view data) const;  // DER signature, hex
  static Result<bool> verify(std::string_view public_key_pem, std::string_view data, std::string_view signature_hex);

 private:
  struct Key;
  explicit Sm2Signer(std::unique_ptr<Key> key);
  std::unique_ptr<Key> key_;
};

}  // namespace weijian::crypto
