#include "registry/identifiers.h"

#include <gtest/gtest.h>

#include <stdexcept>

namespace weijian::registry {
namespace {

Date d(std::string_view text) { return Date::parse(text).value(); }

// The detail of a failed Status/Result, after checking it is a validation error on `field`.
template <class R>
std::string failure(const R& r, std::string_view field = "code") {
  EXPECT_FALSE(r.ok());
  if (r.ok()) return "";
  const Error& e = r.error();
  EXPECT_EQ(e.code, ErrorCode::invalid);
  EXPECT_EQ(e.type, "validation-failed");
  EXPECT_EQ(e.errors.size(), 1u);
  if (!e.errors.empty()) {
    EXPECT_EQ(e.errors[0].field, field);
    EXPECT_EQ(e.errors[0].message, e.detail);
  }
  return e.detail;
}

std::string credit_failure(std::string_view code) { return failure(validate_credit_code(code, "code")); }

// ---- 统一社会信用代码 ----

TEST(CreditCode, AcceptsTheWellKnownExample) {
  // 91350100M000100Y43: the example code used throughout GB 32100 explanations.
  const auto s = validate_credit_code("91350100M000100Y43", "code");
  EXPECT_TRUE(s.ok()) << s.error().detail;
  EXPECT_EQ(make_credit_code("91350100M000100Y4"), "91350100M000100Y43");
}

TEST(CreditCode, CheckCharacterCoversTheWholeAlphabetRange) {
  // 31 − (sum mod 31) = 31 wraps to '0'; = 30 is 'Y', the last alphabet character.
  EXPECT_EQ(make_credit_code("12440100000000017"), "124401000000000170");
  EXPECT_EQ(make_credit_code("12440100000000007"), "12440100000000007Y");
  EXPECT_TRUE(validate_credit_code("124401000000000170", "code").ok());
  EXPECT_TRUE(validate_credit_code("12440100000000007Y", "code").ok());
  // Categories the registries meet: public institution 12, private non-enterprise 52,
  // company 91, individual business 92.
  for (std::string_view first : {"12", "52", "91", "92"}) {
    const std::string code = make_credit_code(std::string(first) + "350100MA2Y3K7P0");
    EXPECT_TRUE(validate_credit_code(code, "code").ok()) << code;
  }
}

TEST(CreditCode, RefusesTheWrongLength) {
  EXPECT_EQ(credit_failure(""), "请填写统一社会信用代码");
  EXPECT_NE(credit_failure("91350100M000100Y4").find("应为18位，现为17位"), std::string::npos);
  EXPECT_NE(credit_failure("91350100M000100Y431").find("现为19位"), std::string::npos);
  // Length is counted in characters, not bytes: 17 ASCII + one Chinese character is 18 and
  // fails on the character instead.
  EXPECT_NE(credit_failure("91350100M000100Y4号").find("第18位“号”有误"), std::string::npos);
}

TEST(CreditCode, NamesTheIllegalCharacterAndItsPosition) {
  for (char c : {'I', 'O', 'Z', 'S', 'V'}) {
    std::string code = "91350100M000100Y43";
    code[8] = c;
    const std::string detail = credit_failure(code);
    EXPECT_NE(detail.find(std::string("第9位“") + c + "”"), std::string::npos) << detail;
    EXPECT_NE(detail.find("不使用字母 I、O、Z、S、V"), std::string::npos) << detail;
  }
  EXPECT_NE(credit_failure("91350100m000100Y43").find("第9位“m”是小写字母"), std::string::npos);
  EXPECT_NE(credit_failure("91350100M0-0100Y43").find("第11位“-”有误：只能是数字或大写字母"), std::string::npos);
  EXPECT_NE(credit_failure("91350100M00 100Y43").find("第12位“ ”（空格）"), std::string::npos);
  EXPECT_NE(credit_failure(std::string("91350100M00\x01" "100Y4", 17) + "3").find("控制字符 0x01"),
            std::string::npos);
  EXPECT_NE(credit_failure("91350100M000100Y\xFF" "3").find("无法识别的字节 0xFF"), std::string::npos);
}

TEST(CreditCode, DivisionCodeMustBeDigits) {
  // Reported before the check character is even looked at.
  const std::string detail = credit_failure("9135A100M000100Y43");
  EXPECT_NE(detail.find("第5位“A”有误：第3至8位是登记管理机关的行政区划代码，只能是数字"), std::string::npos)
      << detail;
}

TEST(CreditCode, WrongCheckCharacterDoesNotRevealTheRightOne) {
  EXPECT_EQ(credit_failure("91350100M000100Y44"), "统一社会信用代码校验位不正确，请核对后重新填写");
}

TEST(CreditCode, EverySingleCharacterTypoIsCaught) {
  // 31 is prime and no weight is 0 mod 31, so any one substituted character changes the sum.
  const std::string good = "91350100M000100Y43";
  const std::string_view alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY";
  for (std::size_t i = 0; i < good.size(); ++i) {
    for (char c : alphabet) {
      if (c == good[i]) continue;
      std::string typo = good;
      typo[i] = c;
      EXPECT_FALSE(validate_credit_code(typo, "code").ok()) << typo;
    }
  }
}

TEST(CreditCode, NormalizeTrimsWidensAndUpperCases) {
  EXPECT_EQ(normalize_code("  91350100m000100y43\t\r\n"), "91350100M000100Y43");
  EXPECT_EQ(normalize_code("\u3000９１３５０１００Ｍ０００１００ｙ４３\u00A0"), "91350100M000100Y43");
  EXPECT_EQ(normalize_code("\uFEFF\u200B913501\u200B"), "913501");
  EXPECT_EQ(normalize_code("9135 0100"), "9135 0100");  // inner spaces stay, so validation can name them
  EXPECT_EQ(normalize_code("医院a"), "医院A");
  EXPECT_EQ(normalize_code(" \u3000 "), "");
  EXPECT_TRUE(validate_credit_code(normalize_code(" 91350100m000100y43 "), "code").ok());
}

TEST(CreditCode, MakeRefusesInputOutsideTheAlphabet) {
  EXPECT_THROW((void)make_credit_code("91350100M000100Y"), std::invalid_argument);
  EXPECT_THROW((void)make_credit_code("91350100O000100Y4"), std::invalid_argument);
  EXPECT_THROW((void)make_credit_code("9135A100M000100Y4"), std::invalid_argument);
}

// ---- 公民身份号码 ----

const Date kToday = d("2026-01-01");

Result<IdNumberInfo> parse(std::string_view id) { return parse_id_number(id, "id_number", kToday); }
std::string id_failure(std::string_view id) { return failure(parse(id), "id_number"); }

TEST(IdNumber, ParsesTheStandardsExample) {
  // GB 11643-1999's example: a woman born on 1949-12-31, registered in Beijing Chaoyang (110105).
  auto r = parse("11010519491231002X");
  ASSERT_TRUE(r.ok()) << r.error().detail;
  EXPECT_EQ(r->normalized, "11010519491231002X");
  EXPECT_EQ(r->sex, 'F');
  EXPECT_EQ(r->birth_date, d("1949-12-31"));
  EXPECT_EQ(r->division_code, "110105");
  EXPECT_EQ(make_id_number("11010519491231002"), "11010519491231002X");
}

TEST(IdNumber, AcceptsLowerCaseXAndPastedWhitespace) {
  auto r = parse(" 11010519491231002x\u3000");
  ASSERT_TRUE(r.ok()) << r.error().detail;
  EXPECT_EQ(r->normalized, "11010519491231002X");
  auto w = parse("１１０１０５１９４９１２３１００２Ｘ");  // full-width, as an input method types it
  ASSERT_TRUE(w.ok()) << w.error().detail;
  EXPECT_EQ(w->normalized, "11010519491231002X");
}

TEST(IdNumber, SexComesFromTheParityOfDigit17) {
  auto m = parse("44030619800101001X");
  ASSERT_TRUE(m.ok()) << m.error().detail;
  EXPECT_EQ(m->sex, 'M');
  EXPECT_EQ(m->birth_date, d("1980-01-01"));
  auto f = parse("110105200002290021");  // 2000 is a leap year
  ASSERT_TRUE(f.ok()) << f.error().detail;
  EXPECT_EQ(f->sex, 'F');
  EXPECT_EQ(f->birth_date, d("2000-02-29"));
  EXPECT_TRUE(parse("11010519000101001X").ok());  // the earliest accepted birth date
}

TEST(IdNumber, RefusesTheWrongLength) {
  EXPECT_EQ(id_failure(""), "请填写公民身份号码");
  EXPECT_NE(id_failure("110105491231002").find("15位的第一代身份证号码"), std::string::npos);
  EXPECT_NE(id_failure("11010519491231002").find("应为18位，现为17位"), std::string::npos);
  EXPECT_NE(id_failure("11010519491231002X1").find("现为19位"), std::string::npos);
}

TEST(IdNumber, NamesTheIllegalCharacterAndItsPosition) {
  EXPECT_NE(id_failure("1101A519491231002X").find("第5位“A”有误：前17位只能是数字"), std::string::npos);
  EXPECT_NE(id_failure("1101051949123100X2").find("第17位“X”有误：前17位只能是数字"), std::string::npos);
  EXPECT_NE(id_failure("11010519491231002Y").find("第18位“Y”有误：最后一位只能是数字或X"), std::string::npos);
  EXPECT_NE(id_failure("11010519491231002号").find("第18位“号”"), std::string::npos);
}

TEST(IdNumber, BirthDateMustBeRealAndInRange) {
  const auto with_birth = [](std::string_view yyyymmdd) {
    return make_id_number("110105" + std::string(yyyymmdd) + "002");
  };
  EXPECT_NE(id_failure(with_birth("19490230")).find("出生日期“19490230”不是真实存在的日期"), std::string::npos);
  EXPECT_NE(id_failure(with_birth("19491301")).find("不是真实存在的日期"), std::string::npos);
  EXPECT_NE(id_failure(with_birth("19000229")).find("不是真实存在的日期"), std::string::npos);  // 1900 not leap
  EXPECT_NE(id_failure(with_birth("18991231")).find("1899-12-31 早于1900年"), std::string::npos);
  EXPECT_NE(id_failure(with_birth("20260102")).find("2026-01-02 晚于今天"), std::string::npos);
  EXPECT_TRUE(parse(with_birth("20260101")).ok());  // born today
}

TEST(IdNumber, WrongCheckCharacterDoesNotRevealTheRightOne) {
  EXPECT_EQ(id_failure("110105194912310021"), "公民身份号码校验位不正确，请核对后重新填写");
  EXPECT_EQ(id_failure("11010519491231003X"), "公民身份号码校验位不正确，请核对后重新填写");
}

TEST(IdNumber, EverySingleDigitTypoIsCaught) {
  const std::string good = "11010519491231002X";
  for (std::size_t i = 0; i < 17; ++i) {
    for (char c = '0'; c <= '9'; ++c) {
      if (c == good[i]) continue;
      std::string typo = good;
      typo[i] = c;
      EXPECT_FALSE(parse(typo).ok()) << typo;
    }
  }
}

TEST(IdNumber, DefaultTodayIsShanghaisDate) {
  EXPECT_TRUE(parse_id_number("11010519491231002X", "id_number").ok());
  std::string tomorrow = today_in_shanghai().add_days(1).to_string();  // YYYY-MM-DD
  tomorrow.erase(7, 1).erase(4, 1);                                    // YYYYMMDD
  const std::string born_tomorrow = make_id_number("110105" + tomorrow + "002");
  EXPECT_NE(failure(parse_id_number(born_tomorrow, "id_number"), "id_number").find("晚于今天"), std::string::npos);
}

TEST(IdNumber, MakeRefusesNonDigits) {
  EXPECT_THROW((void)make_id_number("1101051949123100"), std::invalid_argument);
  EXPECT_THROW((void)make_id_number("1101051949123100X"), std::invalid_argument);
}

}  // namespace
}  // namespace weijian::registry
