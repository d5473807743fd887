#include "identity/credentials.h"

#include <sodium.h>

#include <algorithm>
#include <fstream>
#include <mutex>
#include <sstream>
#include <stdexcept>

#include "core/crypto.h"
#include "core/fields.h"
#include "core/json.h"
#include <cstring>

namespace weijian::identity {
namespace {

void init_sodium() {
  static std::once_flag once;
  std::call_once(once, [] {
    if (sodium_init() < 0) throw std::runtime_error("libsodium failed to initialise");
  });
}

int char_classes(std::string_view p) {
  bool lower = false, upper = false, digit = false, other = false;
  for (unsigned char c : p) {
    if (c >= 'a' && c <= 'z') lower = true;
    else if (c >= 'A' && c <= 'Z') upper = true;
    else if (c >= '0' && c <= '9') digit = true;
    else other = true;
  }
  return lower + upper + digit + other;
}

}  // namespace

Result<SecurityPolicy> SecurityPolicy::load(const std::string& path) {
  std::ifstream in(path);
  if (!in) return errors::unavailable("无法读取安全策略文件“" + path + "”：请检查 --data-dir 设置。");
  std::stringstream ss;
  ss << in.rdbuf();
  Json j = Json::parse(ss.str(), nullptr, false);
  if (!j.is_object()) return errors::unavailable("安全策略文件“" + path + "”不是有效的 JSON 对象。");
  SecurityPolicy p;
  struct Field {
    const char* name;
    int* out;
    int min, max;
  };
  for (const Field& f : {Field{"password_min_length", &p.password_min_length, 8, 64},
                         Field{"password_min_classes", &p.password_min_classes, 1, 4},
                         Field{"max_failed_logins", &p.max_failed_logins, 1, 100},
                         Field{"failure_window_minutes", &p.failure_window_minutes, 1, 1440},
                         Field{"lockout_minutes", &p.lockout_minutes, 1, 10080},
                         Field{"session_idle_minutes", &p.session_idle_minutes, 1, 1440},
                         Field{"session_absolute_hours", &p.session_absolute_hours, 1, 168}}) {
    if (!j.contains(f.name)) continue;
    if (!j[f.name].is_number_integer() || j[f.name].get<int>() < f.min || j[f.name].get<int>() > f.max)
      return errors::unavailable(std::string("安全策略文件中 ") + f.name + " 应为 " + std::to_string(f.min) + " 到 " +
                                 std::to_string(f.max) + " 之间的整数。");
    *f.out = j[f.name].get<int>();
  }
  if (j.contains("totp_required_roles")) p.totp_required_roles = j["totp_required_roles"].get<std::vector<std::string>>();
  return p;
}

bool SecurityPolicy::totp_required(std::string_view role) const {
  return std::find(totp_required_roles.begin(), totp_required_roles.end(), role) != totp_required_roles.end();
}

Status SecurityPolicy::check_password(std::string_view password, std::string_view username, std::string_view field) const {
  const std::string rule = "密码至少 " + std::to_string(password_min_length) + " 位，且包含大写字母、小写字母、数字、符号中的至少 " +
                           std::to_string(password_min_classes) + " 类，不得包含用户名。";
  std::string why;
  if (utf8_length(password) < static_cast<std::size_t>(password_min_length)) why = "长度不足";
  else if (password.size() > 256) why = "过长（不超过 256 字节）";
  else if (char_classes(password) < password_min_classes) why = "字符种类不足";
  else if (!username.empty()) {
    std::string lp(password), lu(username);
    std::transform(lp.begin(), lp.end(), lp.begin(), ::tolower);
    std::transform(lu.begin(), lu.end(), lu.begin(), ::tolower);
    if (lp.find(lu) != std::string::npos) why = "包含用户名";
  }
  if (why.empty()) return {};
  return errors::validation("新密码不符合要求（" + why + "）：" + rule, {{std::string(field), why + "。" + rule}});
}

std::string hash_password(std::string_view password) {
  init_sodium();
  char out[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str_alg(out, password.data(), password.size(), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                            crypto_pwhash_MEMLIMIT_INTERACTIVE, crypto_pwhash_ALG_ARGON2ID13) != 0)
    throw std::runtime_error("out of memory hashing a password");
  return out;
}

bool verify_password(std::string_view hash, std::string_view password) {
  init_sodium();
  const std::string h(hash);
  return crypto_pwhash_str_verify(h.c_str(), password.data(), password.size()) == 0;
}

void burn_password_check(std::string_view password) {
  static const std::string dummy = hash_password("weijian-dummy-password-for-timing");
  (void)verify_password(dummy, password);
}

namespace totp {

constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

std::string base32_encode(std::string_view bytes) {
  std::string out;
  std::uint32_t buffer = 0;
  int bits = 0;
  for (unsigned char c : bytes) {
    buffer = (buffer << 8) | c;
    bits += 8;
    while (bits >= 5) {
      out.push_back(kAlphabet[(buffer >> (bits - 5)) & 31]);
      bits -= 5;
    }
  }
  if (bits > 0) out.push_back(kAlphabet[(buffer << (5 - bits)) & 31]);
  return out;
}

Result<std::string> base32_decode(std::string_view text) {
  std::string out;
  std::uint32_t buffer = 0;
  int bits = 0;
  for (char ch : text) {
    if (ch == '=' || ch == ' ' || ch == '-') continue;
    const char c = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
    const char* p = std::strchr(kAlphabet, c);
    if (!p || c == '\0') return errors::bad_request("密钥不是有效的 Base32 文本。");
    buffer = (buffer << 5) | static_cast<std::uint32_t>(p - kAlphabet);
    bits += 5;
    if (bits >= 8) {
      out.push_back(static_cast<char>((buffer >> (bits - 8)) & 0xff));
      bits -= 8;
    }
  }
  return out;
}

std::string new_secret() { return base32_encode(crypto::random_bytes(20)); }

std::int64_t step_at(std::int64_t unix_seconds) { return unix_seconds / 30; }

std::string code_at(std::string_view secret_base32, std::int64_t step) {
  auto key = base32_decode(secret_base32);
  if (!key.ok()) return {};
  std::string msg(8, '\0');
  for (int i = 7; i >= 0; --i) {
    msg[static_cast<std::size_t>(i)] = static_cast<char>(step & 0xff);
    step >>= 8;
  }
  const std::string mac = crypto::hmac_sha1(*key, msg);
  const int offset = mac[19] & 0x0f;
  const std::uint32_t bin = (static_cast<std::uint32_t>(mac[offset] & 0x7f) << 24) |
                            (static_cast<std::uint32_t>(mac[offset + 1] & 0xff) << 16) |
                            (static_cast<std::uint32_t>(mac[offset + 2] & 0xff) << 8) |
                            static_cast<std::uint32_t>(mac[offset + 3] & 0xff);
  char buf[8];
  std::snprintf(buf, sizeof buf, "%06u", bin % 1000000);
  return buf;
}

Result<std::int64_t> verify(std::string_view secret, std::string_view code, std::int64_t now, std::int64_t last_used) {
  const std::int64_t step = step_at(now);
  if (code.size() == 6 && std::all_of(code.begin(), code.end(), ::isdigit)) {
    for (std::int64_t s : {step - 1, step, step + 1}) {
      if (s > last_used && crypto::equal_constant_time(code_at(secret, s), code)) return s;
    }
  }
  Error e = errors::unauthorized("动态验证码不正确或已使用过：请输入认证器 App 上当前显示的 6 位数字。");
  e.type = "totp-invalid";
  e.errors = {{"totp_code", "验证码不正确"}};
  return e;
}

std::string otpauth_uri(std::string_view secret, std::string_view account) {
  auto enc = [](std::string_view s) {
    std::string out;
    for (unsigned char c : s) {
      if (std::isalnum(c) || c == '-' || c == '_' || c == '.') out.push_back(static_cast<char>(c));
      else {
        char buf[4];
        std::snprintf(buf, sizeof buf, "%%%02X", c);
        out += buf;
      }
    }
    return out;
  };
  return "otpauth://totp/" + enc("卫监:" + std::string(account)) + "?secret=" + std::string(secret) + "&issuer=" +
         enc("卫监") + "&algorithm=SHA1&digits=6&period=30";
}

}  // namespace totp
}  // namespace weijian::identity
