#include "claims/number.h"

#include <charconv>

#include "core/date.h"

namespace weijian::claims {

std::optional<std::int64_t> parse_scaled(std::string_view s, int scale) {
  if (s.empty()) return std::nullopt;
  bool neg = false;
  std::size_t i = 0;
  if (s[0] == '-') {
    neg = true;
    i = 1;
  } else if (s[0] == '+') {
    i = 1;
  }
  std::int64_t v = 0;
  int digits = 0;
  for (; i < s.size() && s[i] >= '0' && s[i] <= '9'; ++i, ++digits) {
    if (v > 90'000'000'000'000LL) return std::nullopt;
    v = v * 10 + (s[i] - '0');
  }
  int frac = 0;
  bool round_up = false;
  if (i < s.size() && s[i] == '.') {
    ++i;
    for (; i < s.size() && s[i] >= '0' && s[i] <= '9'; ++i, ++digits) {
      if (frac < scale) {
        v = v * 10 + (s[i] - '0');
        ++frac;
      } else if (frac == scale) {
        round_up = s[i] >= '5';
        ++frac;  // only the first dropped digit decides
      }
    }
  }
  if (i != s.size() || digits == 0) return std::nullopt;
  for (; frac < scale; ++frac) v *= 10;
  if (round_up) ++v;
  return neg ? -v : v;
}

std::optional<int> parse_int(std::string_view s) {
  int v = 0;
  auto r = std::from_chars(s.data(), s.data() + s.size(), v);
  if (r.ec != std::errc() || r.ptr != s.data() + s.size()) return std::nullopt;
  return v;
}

namespace {

inline bool digits(std::string_view s, std::size_t at, std::size_t n, int& out) {
  int v = 0;
  for (std::size_t k = at; k < at + n; ++k) {
    const char c = s[k];
    if (c < '0' || c > '9') return false;
    v = v * 10 + (c - '0');
  }
  out = v;
  return true;
}

// Days since 1970-01-01 of a valid date (Hinnant), with validation.
inline std::optional<int> day_of(int y, int m, int d) {
  if (y < 1 || m < 1 || m > 12 || d < 1) return std::nullopt;
  if (d > 28 && d > days_in_month(y, m)) return std::nullopt;
  const int yy = m <= 2 ? y - 1 : y;
  const int era = (yy >= 0 ? yy : yy - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(yy - era * 400);
  const unsigned mp = static_cast<unsigned>(m > 2 ? m - 3 : m + 9);
  const unsigned doy = (153 * mp + 2) / 5 + static_cast<unsigned>(d) - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int>(doe) - 719468;
}

}  // namespace

std::optional<DateTime> parse_datetime(std::string_view s) {
  if (s.size() != 10 && s.size() != 19) return std::nullopt;
  int y, m, d;
  if (s[4] != '-' || s[7] != '-' || !digits(s, 0, 4, y) || !digits(s, 5, 2, m) || !digits(s, 8, 2, d)) return std::nullopt;
  auto day = day_of(y, m, d);
  if (!day) return std::nullopt;
  DateTime out{*day, 0};
  if (s.size() == 19) {
    int hh, mm, ss;
    if ((s[10] != ' ' && s[10] != 'T') || s[13] != ':' || s[16] != ':' || !digits(s, 11, 2, hh) || !digits(s, 14, 2, mm) ||
        !digits(s, 17, 2, ss) || hh > 23 || mm > 59 || ss > 59)
      return std::nullopt;
    out.secs = hh * 3600 + mm * 60 + ss;
  }
  return out;
}

std::optional<int> parse_day(std::string_view s) {
  if (s.size() != 10) return std::nullopt;
  auto dt = parse_datetime(s);
  if (!dt) return std::nullopt;
  return dt->day;
}

std::string format_yuan(std::int64_t fen) {
  std::string out = fen < 0 ? "-" : "";
  const std::uint64_t a = fen < 0 ? static_cast<std::uint64_t>(-fen) : static_cast<std::uint64_t>(fen);
  out += std::to_string(a / 100);
  out += '.';
  out += static_cast<char>('0' + (a / 10) % 10);
  out += static_cast<char>('0' + a % 10);
  return out;
}

std::string format_milli(std::int64_t milli) {
  std::string out = milli < 0 ? "-" : "";
  std::uint64_t a = milli < 0 ? static_cast<std::uint64_t>(-milli) : static_cast<std::uint64_t>(milli);
  out += std::to_string(a / 1000);
  std::uint64_t f = a % 1000;
  if (f != 0) {
    std::string frac = std::to_string(f);
    frac = std::string(3 - frac.size(), '0') + frac;
    while (frac.back() == '0') frac.pop_back();
    out += '.' + frac;
  }
  return out;
}

std::string format_day(int day) { return Date::from_days(day).to_string(); }

std::string format_datetime(const DateTime& t) {
  const int parts[3] = {t.secs / 3600 % 24, t.secs / 60 % 60, t.secs % 60};
  std::string out = format_day(t.day);
  for (int i = 0; i < 3; ++i) {
    out += i ? ':' : ' ';
    out += static_cast<char>('0' + parts[i] / 10);
    out += static_cast<char>('0' + parts[i] % 10);
  }
  return out;
}

int age_on(int birth_day, int day) {
  const Date b = Date::from_days(birth_day), d = Date::from_days(day);
  int age = d.year() - b.year();
  if (d.month() < b.month() || (d.month() == b.month() && d.day() < b.day())) --age;
  return age;
}

}  // namespace weijian::claims
