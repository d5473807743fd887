#include "claims/registry_view.h"

#include <gtest/gtest.h>

#include "core/date.h"

namespace weijian::claims {
namespace {

int day(int y, int m, int d) { return Date::from_ymd(y, m, d).value().days_since_epoch(); }

RegistrySnapshot snapshot() {
  // Every kind of change: registration, change of provider, expiry, renewal, cancellation,
  // practice sites opening and closing, licences suspended, expired and issued.
  const Json j = Json::parse(R"({
    "providers": [
      {"medins_id": "H1", "licences": [[{"on": "2024-01-01", "status": "valid", "valid_until": "2026-06-30"}],
                                       [{"on": "2026-08-01", "status": "valid", "valid_until": "2031-07-31"}]]},
      {"medins_id": "H2", "licences": [[{"on": "2020-01-01", "status": "valid", "valid_until": "2030-12-31"},
                                        {"on": "2026-03-10", "status": "suspended", "valid_until": "2030-12-31"},
                                        {"on": "2026-04-20", "status": "valid", "valid_until": "2030-12-31"}]]},
      {"medins_id": "P1", "licence_required": false, "licences": []}
    ],
    "practitioners": [
      {"dr_codg": "DR1", "events": [{"on": "2025-10-01", "kind": "register", "medins_id": "H1", "expires_on": "2026-02-28"},
                                    {"on": "2026-03-05", "kind": "renew", "medins_id": "H1", "expires_on": "2027-03-04"},
                                    {"on": "2026-05-01", "kind": "change", "medins_id": "H2"},
                                    {"on": "2026-09-01", "kind": "cancel", "medins_id": "H2"}],
       "sites": [{"medins_id": "H1", "from": "2026-06-01", "to": "2026-07-15"},
                 {"medins_id": "P1", "from": "2026-01-10"}]}
    ]
  })");
  return RegistrySnapshot::from_json(j).value();
}

// For every day of a window and every provider asked about, the answer given with its range is
// the answer on every other day of that range, and the range holds the day asked about.
TEST(RegistryView, AnswersHoldOverTheDaysTheySayTheyHold) {
  const RegistrySnapshot s = snapshot();
  const int lo = day(2025, 9, 1), hi = day(2027, 4, 1);
  int longest = 0;
  for (const char* medins : {"H1", "H2", "P1", "H9"}) {
    for (int d = lo; d < hi; ++d) {
      DayRange r;
      const Practice p = s.practitioner("DR1", medins, d, &r);
      ASSERT_TRUE(r.contains(d)) << medins << " " << d;
      for (int x = std::max(r.from, lo); x < std::min(r.to, hi); ++x)
        ASSERT_EQ(s.practitioner("DR1", medins, x), p) << medins << " asked on " << d << ", differs on " << x;
      longest = std::max(longest, std::min(r.to, hi) - std::max(r.from, lo));
      DayRange lr;
      const Licence l = s.provider(medins, d, &lr);
      ASSERT_TRUE(lr.contains(d));
      for (int x = std::max(lr.from, lo); x < std::min(lr.to, hi); ++x)
        ASSERT_EQ(s.provider(medins, x), l) << medins << " asked on " << d << ", differs on " << x;
    }
  }
  EXPECT_GT(longest, 60) << "ranges span the quiet periods, not one day each";
  // The boundaries themselves: each change is a range boundary.
  DayRange r;
  EXPECT_EQ(s.practitioner("DR1", "H1", day(2026, 2, 28), &r), Practice::practising);
  EXPECT_EQ(r.to, day(2026, 3, 1)) << "the day after expiry";
  EXPECT_EQ(s.practitioner("DR1", "H1", day(2026, 3, 1), &r), Practice::not_practising);
  EXPECT_EQ(r.from, day(2026, 3, 1));
  EXPECT_EQ(r.to, day(2026, 3, 5)) << "renewed";
  EXPECT_EQ(s.practitioner("DR1", "H1", day(2026, 6, 10), &r), Practice::practising) << "filed site";
  EXPECT_EQ(r.to, day(2026, 7, 15));
  EXPECT_EQ(s.practitioner("DR1", "H1", day(2026, 7, 20), &r), Practice::other_site);
  EXPECT_EQ(s.practitioner("DR1", "H2", day(2026, 9, 1), &r), Practice::not_practising);
  EXPECT_EQ(r.from, day(2026, 9, 1));
  EXPECT_EQ(r.to, INT_MAX);
  EXPECT_EQ(s.practitioner("DR9", "H1", day(2026, 1, 1), &r), Practice::unknown);
  EXPECT_EQ(r.from, INT_MIN);
  EXPECT_EQ(s.provider("H2", day(2026, 3, 10), &r), Licence::not_valid);
  EXPECT_EQ(r.from, day(2026, 3, 10));
  EXPECT_EQ(r.to, day(2026, 4, 20));
  EXPECT_EQ(s.provider("H1", day(2026, 7, 1), &r), Licence::not_valid) << "between the two licences";
  EXPECT_EQ(r.from, day(2026, 7, 1));
  EXPECT_EQ(r.to, day(2026, 8, 1));
  EXPECT_EQ(s.provider("P1", day(2026, 7, 1)), Licence::not_required);
  EXPECT_EQ(s.provider("H9", day(2026, 7, 1)), Licence::unknown_provider);
}

}  // namespace
}  // namespace weijian::claims
