#pragma once
// The credit thresholds as pure functions of values: which thresholds a cycle's points reach,
// when each consequence starts and ends, and a list entry's publication period. The figures
// are data (data/credit/rules.json via CreditRules); the cases are in src/credit/cases/.
#include <cstdint>
#include <string_view>
#include <vector>

#include "core/date.h"
#include "credit/rules.h"

namespace weijian::credit {

// One active point of a cycle, in the order it was assessed.
struct ScoredPoint {
  std::int64_t id = 0;
  int points = 0;
  Date assessed_on;
};

// A threshold the running total crossed, and the consequence it brings.
struct Crossing {
  const Threshold* threshold = nullptr;
  std::int64_t point_id = 0;  // the point that crossed it
  Date starts, ends;          // inclusive
  int total = 0;              // the running total just after that point
};

// Replays the points in order: every threshold of the subject kind that a point's addition
// crosses (before < threshold <= after) gives one crossing, in order. A consequence lasts to
// the cycle's end, or its months (months_min…months_max grow by one per point past the
// threshold; months_if_at_once when one point alone reaches it), ending the day before.
std::vector<Crossing> crossings(const CreditRules& rules, std::string_view subject_kind, const std::vector<ScoredPoint>& points);

// A list entry published from `start` for `months`, and the shortest period before it may be
// restored (the severity's min_months): both end the day before the month anniversary.
struct PublicationPeriod {
  Date min_ends_on, ends_on;
};
PublicationPeriod publication_period(const Period& period, Date start, int months);

}  // namespace weijian::credit
