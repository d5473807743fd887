#pragma once
// A civil calendar date (year, month, day) with no time of day and no time zone. Deadlines
// are counted in whole days on the Chinese calendar, so callers first turn an instant into
// its Asia/Shanghai date (shanghai_date_of) and then work with Dates only.
//
// Conversions use Howard Hinnant's civil-from-days / days-from-civil algorithms
// (https://howardhinnant.github.io/date_algorithms.html): proleptic Gregorian calendar,
// day 0 = 1970-01-01, exact for any date within ±5 million years of 1970.
#include <chrono>
#include <compare>
#include <iosfwd>
#include <optional>
#include <string>
#include <string_view>

#include "core/error.h"

namespace weijian {

class Date {
 public:
  // 1970-01-01. A default exists so Date can sit in structs and containers; real values come
  // from parse, from_ymd or from_days, which never produce an impossible date.
  constexpr Date() = default;

  // Strict "YYYY-MM-DD": exactly four-digit year (0001–9999), two-digit month and day, and a
  // date that exists (2025-02-29 and 2026-02-30 are refused). Errors carry a Chinese detail.
  static Result<Date> parse(std::string_view text);
  // The same validity check for numbers that are already split (any int year).
  static Result<Date> from_ymd(int year, int month, int day);
  static constexpr Date from_days(int days_since_epoch);

  constexpr int year() const { return y_; }
  constexpr int month() const { return m_; }
  constexpr int day() const { return d_; }

  // Days since 1970-01-01 (negative before it); from_days(d.days_since_epoch()) == d.
  constexpr int days_since_epoch() const;
  // ISO 8601 weekday: 1 = Monday … 7 = Sunday.
  constexpr int day_of_week() const;
  constexpr bool is_weekend() const { return day_of_week() >= 6; }
  constexpr Date add_days(int n) const { return from_days(days_since_epoch() + n); }

  // "YYYY-MM-DD", the same form parse accepts (years 1–9999).
  std::string to_string() const;

  // Members are declared year, month, day, so member-wise order is chronological order.
  friend constexpr auto operator<=>(const Date&, const Date&) = default;

 private:
  constexpr Date(int y, int m, int d) : y_(y), m_(m), d_(d) {}
  int y_ = 1970;
  int m_ = 1;
  int d_ = 1;
};

// Prints to_string(): for logs, and so test failures show dates, not bytes.
std::ostream& operator<<(std::ostream& out, const Date& d);

bool is_leap_year(int year);
// Calendar arithmetic with the day clamped to the month: 31 Jan + 1 month → 28/29 Feb,
// 29 Feb + 1 year → 28 Feb. Negative counts go back.
Date add_months(Date d, int months);
Date add_years(Date d, int years);
int days_in_month(int year, int month);  // month 1–12

// The calendar date in Asia/Shanghai (UTC+8 all year; China has had no DST since 1991) at
// instant t. Floors correctly for instants before 1970.
Date shanghai_date_of(std::chrono::system_clock::time_point t);
Date today_in_shanghai();
// WEIJIAN_TODAY=YYYY-MM-DD pins today_in_shanghai() for the whole process: the test harness
// sets it so that data made by one process and checked by another, or a run that crosses
// midnight in Shanghai, see one date. Stored timestamps (utc_now_iso) stay real.
std::optional<Date> pinned_today();

// ---- constexpr definitions (Hinnant's algorithms) ----

constexpr Date Date::from_days(int z) {
  z += 719468;  // shift the epoch to 0000-03-01 so leap days fall at the end of a cycle
  const int era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);                // [0, 146096]
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;  // [0, 399]
  const int y = static_cast<int>(yoe) + era * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);  // [0, 365]
  const unsigned mp = (5 * doy + 2) / 153;                       // [0, 11], March = 0
  const unsigned d = doy - (153 * mp + 2) / 5 + 1;               // [1, 31]
  const unsigned m = mp < 10 ? mp + 3 : mp - 9;                  // [1, 12]
  return Date(m <= 2 ? y + 1 : y, static_cast<int>(m), static_cast<int>(d));
}

constexpr int Date::days_since_epoch() const {
  const int y = m_ <= 2 ? y_ - 1 : y_;
  const int era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);                // [0, 399]
  const unsigned mp = static_cast<unsigned>(m_ > 2 ? m_ - 3 : m_ + 9);      // [0, 11], March = 0
  const unsigned doy = (153 * mp + 2) / 5 + static_cast<unsigned>(d_) - 1;  // [0, 365]
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;               // [0, 146096]
  return era * 146097 + static_cast<int>(doe) - 719468;
}

constexpr int Date::day_of_week() const {
  const int z = days_since_epoch();
  const int sunday_based = z >= -4 ? (z + 4) % 7 : (z + 5) % 7 + 6;  // 1970-01-01 was a Thursday
  return sunday_based == 0 ? 7 : sunday_based;
}

}  // namespace weijian
