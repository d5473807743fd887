#pragma once
// The Chinese calendar (农历) and the solar terms (节气), computed from the sun and the moon,
// for the provisional working-day calendar of a year whose holiday notice is not out yet.
// Months begin on the day (Beijing time) of the new moon; the month that contains the winter
// solstice is the 11th; in a year of 13 months, the first month without a major solar term
// (中气) is the leap month (GB/T 33661-2017 《农历的编算和颁行》). New moons follow Meeus,
// Astronomical Algorithms ch. 49, and the sun's longitude ch. 25 (about 0.01°): a few minutes of
// error, so a phase within minutes of midnight may fall on the wrong day. Official files always
// win over these dates; they serve only estimates (预估).
#include <optional>

#include "core/date.h"

namespace weijian::lunar {

// The Beijing date on which the sun's apparent longitude reaches `degrees` (0 = 春分, 15 = 清明,
// 90 = 夏至, 270 = 冬至) in Gregorian `year`.
Date solar_term(int year, double degrees);

// The Gregorian date of day `day` of (non-leap) month `month` of the lunar year that begins in
// Gregorian year `year`: new_year(2027) = 2027-02-06. nullopt for a day past the month's end.
std::optional<Date> to_solar(int year, int month, int day);
inline Date new_year(int year) { return *to_solar(year, 1, 1); }
// 除夕, the eve of the lunar new year that begins in `year`: new_year_eve(2027) = 2027-02-05.
inline Date new_year_eve(int year) { return new_year(year).add_days(-1); }

}  // namespace weijian::lunar
