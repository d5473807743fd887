#include "credit/thresholds.h"

#include <algorithm>

namespace weijian::credit {

std::vector<Crossing> crossings(const CreditRules& rules, std::string_view subject_kind, const std::vector<ScoredPoint>& points) {
  std::vector<Crossing> out;
  int running = 0;
  for (const ScoredPoint& p : points) {
    const int before = running;
    const int add = p.points;
    running += add;
    for (const Threshold& t : rules.thresholds(subject_kind)) {
      if (!(before < t.points && t.points <= running)) continue;
      Date ends;
      if (t.until_cycle_end) {
        ends = rules.cycle_of(p.assessed_on).last;
      } else {
        int months = t.months;
        if (t.months_min > 0) months = std::clamp(t.months_min + (running - t.points), t.months_min, t.months_max);
        if (t.months_if_at_once > 0 && add >= t.points) months = t.months_if_at_once;  // 一次性记满
        ends = add_months(p.assessed_on, months).add_days(-1);
      }
      out.push_back({&t, p.id, p.assessed_on, ends, running});
    }
  }
  return out;
}

PublicationPeriod publication_period(const Period& period, Date start, int months) {
  return {add_months(start, period.min_months).add_days(-1), add_months(start, months).add_days(-1)};
}

}  // namespace weijian::credit
