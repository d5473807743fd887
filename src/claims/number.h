#pragma once
// Fast, allocation-free parsing of the numbers, dates and times in fee lines. Money is kept as
// integer fen and quantities as integer thousandths, so that sums are exact.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace weijian::claims {

// A decimal with at most `scale` digits kept after the point (further digits round half up),
// times 10^scale: parse_scaled("12.345", 2) == 1235. Optional leading '-'. nullopt if not a
// number or out of range.
std::optional<std::int64_t> parse_scaled(std::string_view s, int scale);
inline std::optional<std::int64_t> parse_fen(std::string_view s) { return parse_scaled(s, 2); }
inline std::optional<std::int64_t> parse_milli(std::string_view s) { return parse_scaled(s, 3); }
std::optional<int> parse_int(std::string_view s);

// "YYYY-MM-DD" or "YYYY-MM-DD HH:MM:SS" (also with 'T'); the date as days since 1970-01-01
// and the seconds of the day. Calendar dates as written (Asia/Shanghai local time).
struct DateTime {
  int day = 0;
  int secs = 0;
};
std::optional<DateTime> parse_datetime(std::string_view s);
std::optional<int> parse_day(std::string_view s);  // the date only; a time part is refused

// 1234 → "12.34", -5 → "-0.05".
std::string format_yuan(std::int64_t fen);
// 1500 → "1.5", 2000 → "2".
std::string format_milli(std::int64_t milli);
std::string format_day(int day);  // "YYYY-MM-DD"
std::string format_datetime(const DateTime& t);  // "YYYY-MM-DD HH:MM:SS"
// Whole years between birth and day (the age on that date).
int age_on(int birth_day, int day);

}  // namespace weijian::claims
