#include "core/lunar.h"

#include <cmath>
#include <vector>

namespace weijian::lunar {
namespace {

constexpr double kPi = 3.14159265358979323846;
double rad(double deg) { return deg * kPi / 180.0; }
double norm360(double deg) {
  deg = std::fmod(deg, 360.0);
  return deg < 0 ? deg + 360.0 : deg;
}

// Julian Ephemeris Day of the mean new moon number k (k = 0: 2000-01-06) with the periodic
// terms of Meeus ch. 49 (those above 0.00002 day) and the main planetary arguments.
double new_moon_jde(double k) {
  const double t = k / 1236.85, t2 = t * t, t3 = t2 * t, t4 = t3 * t;
  double jde = 2451550.09766 + 29.530588861 * k + 0.00015437 * t2 - 0.000000150 * t3 + 0.00000000073 * t4;
  const double e = 1 - 0.002516 * t - 0.0000074 * t2;
  const double m = rad(2.5534 + 29.10535670 * k - 0.0000014 * t2 - 0.00000011 * t3);
  const double mp = rad(201.5643 + 385.81693528 * k + 0.0107582 * t2 + 0.00001238 * t3 - 0.000000058 * t4);
  const double f = rad(160.7108 + 390.67050284 * k - 0.0016118 * t2 - 0.00000227 * t3 + 0.000000011 * t4);
  const double om = rad(124.7746 - 1.56375588 * k + 0.0020672 * t2 + 0.00000215 * t3);
  jde += -0.40720 * std::sin(mp) + 0.17241 * e * std::sin(m) + 0.01608 * std::sin(2 * mp) + 0.01039 * std::sin(2 * f) +
         0.00739 * e * std::sin(mp - m) - 0.00514 * e * std::sin(mp + m) + 0.00208 * e * e * std::sin(2 * m) -
         0.00111 * std::sin(mp - 2 * f) - 0.00057 * std::sin(mp + 2 * f) + 0.00056 * e * std::sin(2 * mp + m) -
         0.00042 * std::sin(3 * mp) + 0.00042 * e * std::sin(m + 2 * f) + 0.00038 * e * std::sin(m - 2 * f) -
         0.00024 * e * std::sin(2 * mp - m) - 0.00017 * std::sin(om) - 0.00007 * std::sin(mp + 2 * m) +
         0.00004 * std::sin(2 * mp - 2 * f) + 0.00004 * std::sin(3 * m) + 0.00003 * std::sin(mp + m - 2 * f) +
         0.00003 * std::sin(2 * mp + 2 * f) - 0.00003 * std::sin(mp + m + 2 * f) + 0.00003 * std::sin(mp - m + 2 * f) -
         0.00002 * std::sin(mp - m - 2 * f) - 0.00002 * std::sin(3 * mp + m) + 0.00002 * std::sin(4 * mp);
  const double a1 = rad(299.77 + 0.107408 * k - 0.009173 * t2), a2 = rad(251.88 + 0.016321 * k), a3 = rad(251.83 + 26.651886 * k),
               a4 = rad(349.42 + 36.412478 * k), a5 = rad(84.66 + 18.206239 * k), a6 = rad(141.74 + 53.303771 * k),
               a7 = rad(207.14 + 2.453732 * k);
  jde += 0.000325 * std::sin(a1) + 0.000165 * std::sin(a2) + 0.000164 * std::sin(a3) + 0.000126 * std::sin(a4) +
         0.000110 * std::sin(a5) + 0.000062 * std::sin(a6) + 0.000060 * std::sin(a7);
  return jde;
}

// The sun's apparent longitude at a Julian Ephemeris Day (Meeus ch. 25, low accuracy).
double sun_longitude(double jde) {
  const double t = (jde - 2451545.0) / 36525.0;
  const double l0 = 280.46646 + 36000.76983 * t + 0.0003032 * t * t;
  const double m = rad(357.52911 + 35999.05029 * t - 0.0001537 * t * t);
  const double c = (1.914602 - 0.004817 * t - 0.000014 * t * t) * std::sin(m) + (0.019993 - 0.000101 * t) * std::sin(2 * m) +
                   0.000289 * std::sin(3 * m);
  const double om = rad(125.04 - 1934.136 * t);
  return norm360(l0 + c - 0.00569 - 0.00478 * std::sin(om));
}

// TT − UT, seconds: about 69 s in 2025, rising slowly; a rough value is plenty at this accuracy.
double delta_t_days(double jde) { return (69.0 + 0.3 * ((jde - 2460676.5) / 365.25)) / 86400.0; }

// The Beijing (UTC+8) calendar day of a Julian Ephemeris Day.
Date beijing_date(double jde) {
  const double jd_ut = jde - delta_t_days(jde);
  // JD 2440587.5 is 1970-01-01 00:00 UTC.
  return Date::from_days(static_cast<int>(std::floor(jd_ut - 2440587.5 + 8.0 / 24.0)));
}

double jde_of_days(int days_since_epoch) { return 2440587.5 + days_since_epoch; }

// The moment the sun reaches `degrees`, searched near `guess_jde`.
double sun_reaches(double degrees, double guess_jde) {
  double jde = guess_jde;
  for (int i = 0; i < 8; ++i) {
    double diff = degrees - sun_longitude(jde);
    diff = std::fmod(diff + 540.0, 360.0) - 180.0;  // into (−180, 180]
    jde += diff * 365.2422 / 360.0;
  }
  return jde;
}

double term_jde(int year, double degrees) {
  // The sun is at 0° about 20 March; go from there.
  const double march_equinox = jde_of_days(Date::from_ymd(year, 3, 20)->days_since_epoch());
  return sun_reaches(degrees, march_equinox + norm360(degrees) * 365.2422 / 360.0);
}

// Beijing dates of the new moons from the one on or before `from` until past `to`.
std::vector<Date> new_moons(Date from, Date to) {
  const double years = (from.days_since_epoch() - Date::from_ymd(2000, 1, 6)->days_since_epoch()) / 365.2422;
  double k = std::floor(years * 12.3685) - 2;
  std::vector<Date> out;
  while (true) {
    const Date d = beijing_date(new_moon_jde(k));
    k += 1;
    if (d <= from) {
      out.assign(1, d);
      continue;
    }
    if (out.empty()) continue;
    out.push_back(d);
    if (d > to) return out;
  }
}

// Beijing midnight at the start of a day, as a Julian Ephemeris Day.
double beijing_midnight_jde(Date d) { return jde_of_days(d.days_since_epoch()) - 8.0 / 24.0 + 69.0 / 86400.0; }

// A major solar term (中气, a multiple of 30°) falls in [start, end): the sun moves about 29° in
// a month, so it crosses at most one multiple of 30.
bool has_major_term(Date start, Date end) {
  const int a = static_cast<int>(std::floor(sun_longitude(beijing_midnight_jde(start)) / 30.0));
  const int b = static_cast<int>(std::floor(sun_longitude(beijing_midnight_jde(end)) / 30.0));
  return a != b;
}

struct Month {
  Date start;
  int number = 0;
  bool leap = false;
};

// The months from the 11th month of the lunar year before `year`'s to the 11th of `year`'s.
std::vector<Month> months_of_sui(int year) {
  const Date ws0 = beijing_date(term_jde(year - 1, 270.0));
  const Date ws1 = beijing_date(term_jde(year, 270.0));
  const std::vector<Date> moons = new_moons(ws0, ws1.add_days(60));
  // moons[0] is on or before ws0: the 11th month. Find the month holding ws1.
  std::size_t eleventh = 0;
  for (std::size_t i = 1; i < moons.size(); ++i)
    if (moons[i] <= ws1) eleventh = i;
  const bool leap_year = eleventh == 13;
  std::vector<Month> out;
  int number = 11;
  bool leap_found = false;
  for (std::size_t i = 0; i + 1 < moons.size() && i <= eleventh + 2; ++i) {
    Month m{moons[i], number, false};
    if (i > 0 && leap_year && !leap_found && i <= eleventh && !has_major_term(moons[i], moons[i + 1])) {
      m.leap = true;
      m.number = out.back().number;
      leap_found = true;
    } else if (i > 0) {
      m.number = out.back().number % 12 + 1;
    }
    out.push_back(m);
  }
  return out;
}

}  // namespace

Date solar_term(int year, double degrees) { return beijing_date(term_jde(year, degrees)); }

std::optional<Date> to_solar(int year, int month, int day) {
  if (month < 1 || month > 12 || day < 1 || day > 30) return std::nullopt;
  // Months 1–10 lie in the sui that ends at `year`'s winter solstice, after its first month 1;
  // months 11 and 12 open the next sui.
  const auto months = months_of_sui(month <= 10 ? year : year + 1);
  bool in_year = month >= 11;
  for (std::size_t i = 0; i + 1 < months.size(); ++i) {
    const Month& m = months[i];
    if (m.number == 1 && !m.leap) in_year = true;
    if (!in_year || m.leap || m.number != month) continue;
    const int length = months[i + 1].start.days_since_epoch() - m.start.days_since_epoch();
    if (day > length) return std::nullopt;
    return m.start.add_days(day - 1);
  }
  return std::nullopt;
}

}  // namespace weijian::lunar
