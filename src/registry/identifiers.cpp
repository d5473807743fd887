#include "registry/identifiers.h"

#include <array>
#include <cstdint>
#include <cstdio>
#include <stdexcept>

namespace weijian::registry {
namespace {

// ---- characters, counted the way a person counts them ----

// Length in bytes of the UTF-8 sequence starting at s[i]; 1 for a byte that cannot start a
// valid sequence, so that a stray byte still counts as one (wrong) position.
std::size_t char_len(std::string_view s, std::size_t i) {
  const auto b = static_cast<unsigned char>(s[i]);
  std::size_t n = b < 0x80 ? 1 : (b >> 5) == 0x6 ? 2 : (b >> 4) == 0xE ? 3 : (b >> 3) == 0x1E ? 4 : 1;
  if (i + n > s.size()) return 1;
  for (std::size_t k = 1; k < n; ++k) {
    if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) return 1;
  }
  return n;
}

std::size_t char_count(std::string_view s) {
  std::size_t n = 0;
  for (std::size_t i = 0; i < s.size(); i += char_len(s, i)) ++n;
  return n;
}

// How to show one (possibly wrong) character inside a Chinese message.
std::string describe(std::string_view ch) {
  if (ch.size() == 1) {
    const auto b = static_cast<unsigned char>(ch[0]);
    if (b == ' ') return "“ ”（空格）";
    if (b > 0x20 && b < 0x7F) return "“" + std::string(ch) + "”";
    char buf[40];
    std::snprintf(buf, sizeof buf, b < 0x80 ? "（控制字符 0x%02X）" : "（无法识别的字节 0x%02X）", b);
    return buf;
  }
  return "“" + std::string(ch) + "”";
}

// Whitespace a pasted code tends to carry: ASCII, NBSP, ideographic space, zero-width space, BOM.
std::size_t space_len(std::string_view s, std::size_t i) {
  const char c = s[i];
  if (c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v' || c == '\f') return 1;
  const std::string_view rest = s.substr(i);
  for (std::string_view sp : {"\u00A0", "\u3000", "\u200B", "\uFEFF"}) {
    if (rest.starts_with(sp)) return sp.size();
  }
  return 0;
}

// ---- GB 32100-2015 ----

constexpr std::string_view kCreditAlphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY";  // 31 characters
constexpr std::array<int, 17> kCreditWeights = {1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28};

int credit_value(char c) {
  const auto pos = kCreditAlphabet.find(c);
  return pos == std::string_view::npos ? -1 : static_cast<int>(pos);
}

// Requires 17 characters of the alphabet.
char credit_check(std::string_view first17) {
  int sum = 0;
  for (std::size_t i = 0; i < 17; ++i) sum += credit_value(first17[i]) * kCreditWeights[i];
  const int c = 31 - sum % 31;
  return kCreditAlphabet[c == 31 ? 0 : c];
}

// ---- GB 11643-1999, ISO 7064 MOD 11-2 ----

constexpr std::array<int, 17> kIdWeights = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
constexpr std::string_view kIdCheck = "10X98765432";

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// Requires 17 digits.
char id_check(std::string_view first17) {
  int sum = 0;
  for (std::size_t i = 0; i < 17; ++i) sum += (first17[i] - '0') * kIdWeights[i];
  return kIdCheck[static_cast<std::size_t>(sum % 11)];
}

Error invalid(std::string_view field, std::string message) {
  return errors::validation(message, {FieldError{std::string(field), message}});
}

}  // namespace

std::string normalize_code(std::string_view code) {
  // Fast path for what nearly every import row holds: plain ASCII letters and digits.
  bool plain = true;
  for (char ch : code)
    if (!((ch >= '0' && ch <= '9') || (ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z'))) {
      plain = false;
      break;
    }
  if (plain) {
    std::string out(code);
    for (char& ch : out)
      if (ch >= 'a' && ch <= 'z') ch = static_cast<char>(ch - 'a' + 'A');
    return out;
  }
  std::size_t b = 0, e = code.size();
  while (b < e) {
    const std::size_t n = space_len(code, b);
    if (n == 0) break;
    b += n;
  }
  // Trailing spaces: walk forwards, remembering where the last non-space character ended.
  std::size_t last = b;
  for (std::size_t i = b; i < e;) {
    const std::size_t n = space_len(code, i);
    if (n == 0) {
      i += char_len(code, i);
      last = i;
    } else {
      i += n;
    }
  }
  e = last;

  std::string out;
  out.reserve(e - b);
  for (std::size_t i = b; i < e;) {
    const std::size_t n = char_len(code, i);
    const auto c0 = static_cast<unsigned char>(code[i]);
    if (n == 3 && c0 == 0xEF) {
      // U+FF01–U+FF5E (EF BC 81 – EF BD 9E) map to U+0021–U+007E.
      const unsigned cp = ((c0 & 0x0Fu) << 12) | ((static_cast<unsigned char>(code[i + 1]) & 0x3Fu) << 6) |
                          (static_cast<unsigned char>(code[i + 2]) & 0x3Fu);
      if (cp >= 0xFF01 && cp <= 0xFF5E) {
        char c = static_cast<char>(cp - 0xFEE0);
        if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
        out.push_back(c);
        i += n;
        continue;
      }
    }
    if (n == 1 && c0 >= 'a' && c0 <= 'z') {
      out.push_back(static_cast<char>(c0 - 'a' + 'A'));
    } else {
      out.append(code.substr(i, n));
    }
    i += n;
  }
  return out;
}

Status validate_credit_code(std::string_view code, std::string_view field) {
  if (code.empty()) return invalid(field, "请填写统一社会信用代码");
  const std::size_t n = char_count(code);
  if (n != 18) {
    return invalid(field, "统一社会信用代码应为18位，现为" + std::to_string(n) + "位，请核对");
  }
  std::size_t pos = 1;
  for (std::size_t i = 0; i < code.size(); i += char_len(code, i), ++pos) {
    const std::string_view ch = code.substr(i, char_len(code, i));
    const char c = ch[0];
    const std::string where = "统一社会信用代码第" + std::to_string(pos) + "位" + describe(ch);
    if (ch.size() == 1 && c >= 'a' && c <= 'z') {
      return invalid(field, where + "是小写字母：代码中的字母应为大写");
    }
    if (ch.size() != 1 || credit_value(c) < 0) {
      if (c == 'I' || c == 'O' || c == 'Z' || c == 'S' || c == 'V') {
        return invalid(field, where + "有误：统一社会信用代码不使用字母 I、O、Z、S、V");
      }
      return invalid(field, where + "有误：只能是数字或大写字母");
    }
    if (pos >= 3 && pos <= 8 && !is_digit(c)) {
      return invalid(field, where + "有误：第3至8位是登记管理机关的行政区划代码，只能是数字");
    }
  }
  // All 18 characters are single bytes of the alphabet here.
  if (credit_check(code.substr(0, 17)) != code[17]) {
    return invalid(field, "统一社会信用代码校验位不正确，请核对后重新填写");
  }
  return {};
}

std::string make_credit_code(std::string_view first17) {
  if (first17.size() != 17) throw std::invalid_argument("make_credit_code: need 17 characters");
  for (std::size_t i = 0; i < 17; ++i) {
    if (credit_value(first17[i]) < 0 || (i >= 2 && i < 8 && !is_digit(first17[i]))) {
      throw std::invalid_argument("make_credit_code: character outside the GB 32100 alphabet");
    }
  }
  return std::string(first17) + credit_check(first17);
}

Result<IdNumberInfo> parse_id_number(std::string_view id, std::string_view field) {
  return parse_id_number(id, field, today_in_shanghai());
}

Result<IdNumberInfo> parse_id_number(std::string_view raw, std::string_view field, Date today) {
  std::string id = normalize_code(raw);  // trims, full-width digits, x → X
  if (id.empty()) return invalid(field, "请填写公民身份号码");
  const std::size_t n = char_count(id);
  if (n == 15 && id.find_first_not_of("0123456789") == std::string::npos) {
    return invalid(field, "公民身份号码应为18位；这是15位的第一代身份证号码，请填写现行的18位号码");
  }
  if (n != 18) return invalid(field, "公民身份号码应为18位，现为" + std::to_string(n) + "位，请核对");

  std::size_t pos = 1;
  for (std::size_t i = 0; i < id.size(); i += char_len(id, i), ++pos) {
    const std::string_view ch = std::string_view(id).substr(i, char_len(id, i));
    const bool ok = ch.size() == 1 && (is_digit(ch[0]) || (pos == 18 && ch[0] == 'X'));
    if (!ok) {
      const std::string where = "公民身份号码第" + std::to_string(pos) + "位" + describe(ch);
      return invalid(field, where + (pos < 18 ? "有误：前17位只能是数字" : "有误：最后一位只能是数字或X"));
    }
  }

  const auto num = [&](std::size_t from, std::size_t len) {
    int v = 0;
    for (std::size_t i = from; i < from + len; ++i) v = v * 10 + (id[i] - '0');
    return v;
  };
  const std::string digits = id.substr(6, 8);
  auto birth = Date::from_ymd(num(6, 4), num(10, 2), num(12, 2));
  if (!birth.ok()) {
    return invalid(field, "公民身份号码第7至14位的出生日期“" + digits + "”不是真实存在的日期，请核对");
  }
  if (*birth < Date::from_ymd(1900, 1, 1).value()) {
    return invalid(field, "公民身份号码中的出生日期 " + birth->to_string() + " 早于1900年，请核对");
  }
  if (*birth > today) {
    return invalid(field, "公民身份号码中的出生日期 " + birth->to_string() + " 晚于今天，请核对");
  }
  if (id_check(std::string_view(id).substr(0, 17)) != id[17]) {
    return invalid(field, "公民身份号码校验位不正确，请核对后重新填写");
  }

  IdNumberInfo info;
  info.sex = (id[16] - '0') % 2 == 1 ? 'M' : 'F';
  info.birth_date = *birth;
  info.division_code = id.substr(0, 6);
  info.normalized = std::move(id);
  return info;
}

std::string make_id_number(std::string_view first17) {
  if (first17.size() != 17) throw std::invalid_argument("make_id_number: need 17 digits");
  for (char c : first17) {
    if (!is_digit(c)) throw std::invalid_argument("make_id_number: need 17 digits");
  }
  return std::string(first17) + id_check(first17);
}

}  // namespace weijian::registry
