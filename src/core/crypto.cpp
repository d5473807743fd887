#include "core/crypto.h"

#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace weijian::crypto {
namespace {

const EVP_MD* sm3_md() {
  // Fetched once: the provider lookup is the expensive part of a small digest.
  static EVP_MD* md = EVP_MD_fetch(nullptr, "SM3", nullptr);
  if (!md) throw std::runtime_error("OpenSSL has no SM3: the national digest is required");
  return md;
}

std::string hmac(const char* digest, std::string_view key, std::string_view data) {
  static EVP_MAC* mac = EVP_MAC_fetch(nullptr, "HMAC", nullptr);
  if (!mac) throw std::runtime_error("OpenSSL has no HMAC");
  EVP_MAC_CTX* ctx = EVP_MAC_CTX_new(mac);
  OSSL_PARAM params[] = {OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, const_cast<char*>(digest), 0),
                         OSSL_PARAM_construct_end()};
  unsigned char out[EVP_MAX_MD_SIZE];
  std::size_t len = 0;
  const bool ok = EVP_MAC_init(ctx, reinterpret_cast<const unsigned char*>(key.data()), key.size(), params) == 1 &&
                  EVP_MAC_update(ctx, reinterpret_cast<const unsigned char*>(data.data()), data.size()) == 1 &&
                  EVP_MAC_final(ctx, out, &len, sizeof out) == 1;
  EVP_MAC_CTX_free(ctx);
  if (!ok) throw std::runtime_error("HMAC failed");
  return std::string(reinterpret_cast<char*>(out), len);
}

Result<std::string> read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return errors::unavailable("无法读取密钥文件“" + path + "”：请检查权限。");
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

Status write_private_file(const std::string& path, std::string_view content) {
  const std::string tmp = path + ".tmp";
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    if (!out) return errors::unavailable("无法写入密钥文件“" + path + "”：请检查目录是否存在、是否可写。");
    out.write(content.data(), static_cast<std::streamsize>(content.size()));
  }
  ::chmod(tmp.c_str(), 0600);
  std::error_code ec;
  std::filesystem::rename(tmp, path, ec);
  if (ec) return errors::unavailable("无法保存密钥文件“" + path + "”。");
  return {};
}

}  // namespace

Sm3Digest sm3(std::string_view data) {
  Sm3Digest out{};
  unsigned int len = 0;
  if (EVP_Digest(data.data(), data.size(), out.data(), &len, sm3_md(), nullptr) != 1 || len != out.size())
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

std::string to_hex(std::string_view bytes) {
  return to_hex(reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size());
}

Result<std::string> from_hex(std::string_view hex) {
  auto val = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  };
  if (hex.size() % 2) return errors::bad_request("十六进制串长度应为偶数。");
  std::string out(hex.size() / 2, '\0');
  for (std::size_t i = 0; i < out.size(); ++i) {
    const int hi = val(hex[2 * i]), lo = val(hex[2 * i + 1]);
    if (hi < 0 || lo < 0) return errors::bad_request("十六进制串含有无效字符。");
    out[i] = static_cast<char>(hi * 16 + lo);
  }
  return out;
}

std::string sm3_hex(std::string_view data) {
  const auto d = sm3(data);
  return to_hex(d.data(), d.size());
}

std::string hmac_sm3(std::string_view key, std::string_view data) { return hmac("SM3", key, data); }
std::string hmac_sha1(std::string_view key, std::string_view data) { return hmac("SHA1", key, data); }

std::string random_bytes(std::size_t n) {
  std::string out(n, '\0');
  if (RAND_bytes(reinterpret_cast<unsigned char*>(out.data()), static_cast<int>(n)) != 1)
    throw std::runtime_error("the system random source failed");
  return out;
}

bool equal_constant_time(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  unsigned char diff = 0;
  for (std::size_t i = 0; i < a.size(); ++i) diff |= static_cast<unsigned char>(a[i] ^ b[i]);
  return diff == 0;
}

Status ensure_key_dir(const std::string& dir) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) return errors::unavailable("无法创建密钥目录“" + dir + "”：请检查权限。");
  ::chmod(dir.c_str(), 0700);
  return {};
}

// ---- SecretBox: SM4-CBC + HMAC-SM3 ----

SecretBox SecretBox::from_key(std::string key48) {
  SecretBox b;
  b.enc_key_ = key48.substr(0, 16);
  b.mac_key_ = key48.substr(16, 32);
  return b;
}

Result<SecretBox> SecretBox::load_or_create(const std::string& path) {
  if (!std::filesystem::exists(path)) WJ_TRY(write_private_file(path, random_bytes(48)));
  auto key = read_file(path);
  if (!key.ok()) return key.error();
  if (key->size() != 48) return errors::unavailable("密钥文件“" + path + "”已损坏（长度应为 48 字节）。");
  return from_key(*key);
}

std::string SecretBox::seal(std::string_view plaintext) const {
  static EVP_CIPHER* cipher = EVP_CIPHER_fetch(nullptr, "SM4-CBC", nullptr);
  if (!cipher) throw std::runtime_error("OpenSSL has no SM4-CBC");
  const std::string iv = random_bytes(16);
  std::string ct(plaintext.size() + 16, '\0');
  int n1 = 0, n2 = 0;
  EVP_CIPHER_CTX* ctx = EVP_CIPHER_CTX_new();
  const bool ok =
      EVP_EncryptInit_ex2(ctx, cipher, reinterpret_cast<const unsigned char*>(enc_key_.data()),
                          reinterpret_cast<const unsigned char*>(iv.data()), nullptr) == 1 &&
      EVP_EncryptUpdate(ctx, reinterpret_cast<unsigned char*>(ct.data()), &n1,
                        reinterpret_cast<const unsigned char*>(plaintext.data()), static_cast<int>(plaintext.size())) == 1 &&
      EVP_EncryptFinal_ex(ctx, reinterpret_cast<unsigned char*>(ct.data()) + n1, &n2) == 1;
  EVP_CIPHER_CTX_free(ctx);
  if (!ok) throw std::runtime_error("SM4 encryption failed");
  ct.resize(static_cast<std::size_t>(n1 + n2));
  const std::string body = iv + ct;
  return to_hex(body + hmac_sm3(mac_key_, body));
}

Result<std::string> SecretBox::open(std::string_view sealed_hex) const {
  static EVP_CIPHER* cipher = EVP_CIPHER_fetch(nullptr, "SM4-CBC", nullptr);
  auto raw = from_hex(sealed_hex);
  if (!raw.ok() || raw->size() < 16 + 16 + 32) return errors::internal("加密数据已损坏。");
  const std::string body = raw->substr(0, raw->size() - 32);
  if (!equal_constant_time(hmac_sm3(mac_key_, body), std::string_view(*raw).substr(raw->size() - 32)))
    return errors::internal("加密数据校验失败：数据被改动，或密钥文件不匹配。");
  const std::string iv = body.substr(0, 16), ct = body.substr(16);
  std::string pt(ct.size() + 16, '\0');
  int n1 = 0, n2 = 0;
  EVP_CIPHER_CTX* ctx = EVP_CIPHER_CTX_new();
  const bool ok = EVP_DecryptInit_ex2(ctx, cipher, reinterpret_cast<const unsigned char*>(enc_key_.data()),
                                      reinterpret_cast<const unsigned char*>(iv.data()), nullptr) == 1 &&
                  EVP_DecryptUpdate(ctx, reinterpret_cast<unsigned char*>(pt.data()), &n1,
                                    reinterpret_cast<const unsigned char*>(ct.data()), static_cast<int>(ct.size())) == 1 &&
                  EVP_DecryptFinal_ex(ctx, reinterpret_cast<unsigned char*>(pt.data()) + n1, &n2) == 1;
  EVP_CIPHER_CTX_free(ctx);
  if (!ok) return errors::internal("解密失败。");
  pt.resize(static_cast<std::size_t>(n1 + n2));
  return pt;
}

// ---- SM2 ----

struct Sm2Signer::Key {
  EVP_PKEY* pkey = nullptr;
  ~Key() { EVP_PKEY_free(pkey); }
};

Sm2Signer::Sm2Signer(std::unique_ptr<Key> key) : key_(std::move(key)) {}
Sm2Signer::Sm2Signer(Sm2Signer&&) noexcept = default;
Sm2Signer::~Sm2Signer() = default;

Result<Sm2Signer> Sm2Signer::load_or_create(const std::string& path) {
  auto key = std::make_unique<Key>();
  if (std::filesystem::exists(path)) {
    auto pem = read_file(path);
    if (!pem.ok()) return pem.error();
    BIO* bio = BIO_new_mem_buf(pem->data(), static_cast<int>(pem->size()));
    key->pkey = PEM_read_bio_PrivateKey(bio, nullptr, nullptr, nullptr);
    BIO_free(bio);
    if (!key->pkey) return errors::unavailable("SM2 密钥文件“" + path + "”无法读取或已损坏。");
    return Sm2Signer(std::move(key));
  }
  key->pkey = EVP_PKEY_Q_keygen(nullptr, nullptr, "SM2");
  if (!key->pkey) return errors::internal("无法生成 SM2 密钥：请确认 OpenSSL 支持国密算法。");
  BIO* bio = BIO_new(BIO_s_mem());
  PEM_write_bio_PrivateKey(bio, key->pkey, nullptr, nullptr, 0, nullptr, nullptr);
  char* data = nullptr;
  const long len = BIO_get_mem_data(bio, &data);
  Status st = write_private_file(path, std::string_view(data, static_cast<std::size_t>(len)));
  BIO_free(bio);
  if (!st.ok()) return st.error();
  return Sm2Signer(std::move(key));
}

std::string Sm2Signer::public_key_pem() const {
  BIO* bio = BIO_new(BIO_s_mem());
  PEM_write_bio_PUBKEY(bio, key_->pkey);
  char* data = nullptr;
  const long len = BIO_get_mem_data(bio, &data);
  std::string out(data, static_cast<std::size_t>(len));
  BIO_free(bio);
  return out;
}

namespace {
// Prepares an SM2 digest-sign/verify context with SM3 and the distinguishing ID.
EVP_MD_CTX* sm2_context(EVP_PKEY* pkey, bool sign) {
  EVP_MD_CTX* mctx = EVP_MD_CTX_new();
  EVP_PKEY_CTX* pctx = EVP_PKEY_CTX_new_from_pkey(nullptr, pkey, nullptr);
  const auto id = Sm2Signer::kDistinguishingId;
  bool ok = pctx && EVP_PKEY_CTX_set1_id(pctx, id.data(), id.size()) == 1;
  if (ok) {
    EVP_MD_CTX_set_pkey_ctx(mctx, pctx);
    ok = (sign ? EVP_DigestSignInit(mctx, nullptr, sm3_md(), nullptr, pkey)
               : EVP_DigestVerifyInit(mctx, nullptr, sm3_md(), nullptr, pkey)) == 1;
  }
  if (!ok) {
    EVP_MD_CTX_free(mctx);
    EVP_PKEY_CTX_free(pctx);
    return nullptr;
  }
  return mctx;  // owns nothing of pctx: freed below by the caller
}
void free_context(EVP_MD_CTX* mctx) {
  if (!mctx) return;
  EVP_PKEY_CTX* pctx = EVP_MD_CTX_get_pkey_ctx(mctx);
  EVP_MD_CTX_free(mctx);
  EVP_PKEY_CTX_free(pctx);
}
}  // namespace

Result<std::string> Sm2Signer::sign(std::string_view data) const {
  EVP_MD_CTX* mctx = sm2_context(key_->pkey, true);
  if (!mctx) return errors::internal("SM2 签名初始化失败。");
  std::size_t len = 0;
  std::string sig;
  bool ok = EVP_DigestSign(mctx, nullptr, &len, reinterpret_cast<const unsigned char*>(data.data()), data.size()) == 1;
  if (ok) {
    sig.resize(len);
    ok = EVP_DigestSign(mctx, reinterpret_cast<unsigned char*>(sig.data()), &len,
                        reinterpret_cast<const unsigned char*>(data.data()), data.size()) == 1;
    sig.resize(len);
  }
  free_context(mctx);
  if (!ok) return errors::internal("SM2 签名失败。");
  return to_hex(sig);
}

Result<bool> Sm2Signer::verify(std::string_view public_key_pem, std::string_view data, std::string_view signature_hex) {
  auto sig = from_hex(signature_hex);
  if (!sig.ok()) return sig.error();
  BIO* bio = BIO_new_mem_buf(public_key_pem.data(), static_cast<int>(public_key_pem.size()));
  EVP_PKEY* pkey = PEM_read_bio_PUBKEY(bio, nullptr, nullptr, nullptr);
  BIO_free(bio);
  if (!pkey) return errors::bad_request("公钥格式无效：应为 PEM 格式的 SM2 公钥。");
  EVP_MD_CTX* mctx = sm2_context(pkey, false);
  bool ok = false;
  if (mctx)
    ok = EVP_DigestVerify(mctx, reinterpret_cast<const unsigned char*>(sig->data()), sig->size(),
                          reinterpret_cast<const unsigned char*>(data.data()), data.size()) == 1;
  free_context(mctx);
  EVP_PKEY_free(pkey);
  return ok;
}

}  // namespace weijian::crypto
