#include "core/date.h"

#include <cstdlib>
#include <optional>

#include <algorithm>

#include <cstdio>
#include <ostream>

namespace weijian {
namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }

int digits(std::string_view s) {
  int v = 0;
  for (char c : s) v = v * 10 + (c - '0');
  return v;
}

// Echo the user's text in an error only when it is short printable ASCII: anything else
// could be megabytes long or not valid UTF-8 inside a JSON problem document.
std::string quoted(std::string_view text) {
  if (text.size() > 32) return "";
  for (char c : text) {
    if (c < 0x20 || c > 0x7e) return "";
  }
  return "“" + std::string(text) + "”";
}

}  // namespace

bool is_leap_year(int y) { return y % 4 == 0 && (y % 100 != 0 || y % 400 == 0); }

int days_in_month(int y, int m) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && is_leap_year(y) ? 29 : kDays[m - 1];
}

Result<Date> Date::from_ymd(int y, int m, int d) {
  const std::string ymd = std::to_string(y) + " 年 " + std::to_string(m) + " 月 " + std::to_string(d) + " 日";
  if (m < 1 || m > 12) return errors::bad_request("日期 " + ymd + " 不存在：月份应在 1 到 12 之间。");
  const int dim = days_in_month(y, m);
  if (d < 1 || d > dim) {
    return errors::bad_request("日期 " + ymd + " 不存在：" + std::to_string(y) + " 年 " + std::to_string(m) +
                               " 月只有 " + std::to_string(dim) + " 天。");
  }
  return Date(y, m, d);
}

Result<Date> Date::parse(std::string_view s) {
  bool shape = s.size() == 10 && s[4] == '-' && s[7] == '-';
  for (std::size_t i = 0; shape && i < s.size(); ++i) {
    if (i != 4 && i != 7 && !is_digit(s[i])) shape = false;
  }
  if (!shape) {
    return errors::bad_request("日期" + quoted(s) + "格式不正确：应为 YYYY-MM-DD，例如 2026-03-01。");
  }
  const int y = digits(s.substr(0, 4));
  const int m = digits(s.substr(5, 2));
  const int d = digits(s.substr(8, 2));
  if (y == 0) return errors::bad_request("日期" + quoted(s) + "不存在：年份应在 0001 到 9999 之间。");
  if (m < 1 || m > 12) return errors::bad_request("日期" + quoted(s) + "不存在：月份应在 01 到 12 之间。");
  const int dim = days_in_month(y, m);
  if (d < 1 || d > dim) {
    return errors::bad_request("日期" + quoted(s) + "不存在：" + std::to_string(y) + " 年 " + std::to_string(m) +
                               " 月只有 " + std::to_string(dim) + " 天。");
  }
  return Date(y, m, d);
}

std::string Date::to_string() const {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", y_, m_, d_);
  return buf;
}

std::ostream& operator<<(std::ostream& out, const Date& d) { return out << d.to_string(); }

Date shanghai_date_of(std::chrono::system_clock::time_point t) {
  using namespace std::chrono;
  // floor, not duration_cast: an instant before 1970 belongs to the earlier day.
  const auto local_days = floor<days>(t.time_since_epoch() + hours(8));
  return Date::from_days(static_cast<int>(local_days.count()));
}

std::optional<Date> pinned_today() {
  // Read once: the date of a process never changes under it.
  static const std::optional<Date> pinned = []() -> std::optional<Date> {
    const char* v = std::getenv("WEIJIAN_TODAY");
    if (!v || !*v) return std::nullopt;
    auto d = Date::parse(v);
    if (!d.ok()) {
      std::fprintf(stderr, "weijian: WEIJIAN_TODAY=%s 不是有效日期（应为 YYYY-MM-DD），已忽略。\n", v);
      return std::nullopt;
    }
    return *d;
  }();
  return pinned;
}

Date today_in_shanghai() {
  if (auto pinned = pinned_today()) return *pinned;
  return shanghai_date_of(std::chrono::system_clock::now());
}

Date add_months(Date d, int months) {
  const int total = d.year() * 12 + (d.month() - 1) + months;
  const int y = total / 12, m = total % 12 + 1;
  return Date::from_ymd(y, m, std::min(d.day(), days_in_month(y, m))).value();
}

Date add_years(Date d, int years) { return add_months(d, 12 * years); }

}  // namespace weijian
