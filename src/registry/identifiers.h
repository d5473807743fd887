#pragma once
// The two national identifiers the registries carry, checked the way the standards define
// them, so that a typo is caught where it is typed instead of surfacing as a failed match
// with the credit platform or the health-insurance system months later.
//
//  * 统一社会信用代码 (unified social credit code, GB 32100-2015): every institution.
//  * 公民身份号码 (resident identity number, GB 11643-1999): every practitioner and inspector.
//
// Validation is strict: it checks the text exactly as given. Input from people should go
// through normalize_code first (trim, full-width → half-width, upper-case), which is what the
// API and the importers do; the stored value is then the normalised one.
#include <string>
#include <string_view>

#include "core/date.h"
#include "core/error.h"

namespace weijian::registry {

// Trims ASCII whitespace and the ideographic space U+3000, turns full-width ASCII (U+FF01–
// U+FF5E, what a Chinese input method types) into ASCII, and upper-cases ASCII letters.
// Anything else is left as it is, so that validation can point at it.
std::string normalize_code(std::string_view code);

// 统一社会信用代码: 18 characters over 0-9 A-H J-N P-R T-U W-Y (never I O Z S V); position 1
// the registration authority, 2 the organisation category, 3–8 the administrative division
// (digits), 9–17 the organisation code body, 18 a check character (weights 3^i mod 31).
// Lower-case letters are refused: normalise first. The authority/category pair is not checked
// against a list, because authorities have been added since 2015 and a stale list would
// refuse real institutions; the check character already catches typing errors.
// Errors: errors::validation with one FieldError on `field`; the message names the first
// problem (length, which character at which position) and never reveals the expected check
// character, which would let anyone "fix" a mistyped code into a different valid one.
Status validate_credit_code(std::string_view code, std::string_view field);

// first17 + its check character. first17 must be 17 characters of the code alphabet; anything
// else is a programming error (demo generator, tests) and throws std::invalid_argument.
std::string make_credit_code(std::string_view first17);

struct IdNumberInfo {
  std::string normalized;     // 18 characters, check character 'X' upper-case
  char sex = 'M';             // 'M' or 'F', from the parity of digit 17
  Date birth_date;            // digits 7–14
  std::string division_code;  // digits 1–6: the administrative division of first registration
};

// 公民身份号码: 17 digits then a digit or X (x accepted), ISO 7064 MOD 11-2 check, birth date a
// real date from 1900-01-01 up to today (Asia/Shanghai). The division code is not checked
// against a list: divisions are renamed and merged, and residence permits for Hong Kong,
// Macao and Taiwan residents (81/82/83) and foreigners' permanent residence cards (9…)
// use the same format. Whitespace is trimmed and full-width digits accepted (normalize_code).
// 15-digit first-generation numbers are refused with a message saying so.
Result<IdNumberInfo> parse_id_number(std::string_view id, std::string_view field);
// The same with an explicit "today", for tests and for checking historical records.
Result<IdNumberInfo> parse_id_number(std::string_view id, std::string_view field, Date today);

// first17 (17 digits) + its check character; throws std::invalid_argument otherwise.
std::string make_id_number(std::string_view first17);

}  // namespace weijian::registry
