#include "core/date.h"

#include <gtest/gtest.h>

namespace weijian {
namespace {

Date d(std::string_view text) {
  auto r = Date::parse(text);
  EXPECT_TRUE(r.ok()) << text << ": " << (r.ok() ? "" : r.error().detail);
  return r.ok() ? r.value() : Date();
}

TEST(Date, ParsesAndPrintsTheSameText) {
  const Date x = d("2026-02-14");
  EXPECT_EQ(x.year(), 2026);
  EXPECT_EQ(x.month(), 2);
  EXPECT_EQ(x.day(), 14);
  EXPECT_EQ(x.to_string(), "2026-02-14");
  EXPECT_EQ(d("0099-01-02").to_string(), "0099-01-02");
  EXPECT_EQ(d("9999-12-31").to_string(), "9999-12-31");
}

TEST(Date, RefusesWrongShapesWithAChineseHint) {
  for (const char* bad : {"", "2026-2-14", "2026/02/14", "20260214", " 2026-02-14", "2026-02-14 ", "2026-02-14T00:00",
                          "2026-0a-14", "+026-02-14", "2026--2-14"}) {
    auto r = Date::parse(bad);
    ASSERT_FALSE(r.ok()) << bad;
    EXPECT_NE(r.error().detail.find("YYYY-MM-DD"), std::string::npos) << r.error().detail;
    EXPECT_EQ(r.error().code, ErrorCode::bad_request);
  }
}

TEST(Date, RefusesDatesThatDoNotExist) {
  auto feb30 = Date::parse("2026-02-30");
  ASSERT_FALSE(feb30.ok());
  EXPECT_NE(feb30.error().detail.find("只有 28 天"), std::string::npos) << feb30.error().detail;
  EXPECT_NE(feb30.error().detail.find("2026-02-30"), std::string::npos);
  EXPECT_FALSE(Date::parse("2025-02-29").ok()) << "2025 is not a leap year";
  EXPECT_FALSE(Date::parse("1900-02-29").ok()) << "century years are leap only when divisible by 400";
  EXPECT_TRUE(Date::parse("2000-02-29").ok());
  EXPECT_TRUE(Date::parse("2024-02-29").ok());
  EXPECT_FALSE(Date::parse("2026-04-31").ok());
  EXPECT_FALSE(Date::parse("2026-13-01").ok());
  EXPECT_FALSE(Date::parse("2026-00-10").ok());
  EXPECT_FALSE(Date::parse("2026-01-00").ok());
  EXPECT_FALSE(Date::parse("0000-01-01").ok());
  EXPECT_TRUE(Date::parse("2026-12-31").ok());
}

TEST(Date, RefusedTextIsNotEchoedWhenLongOrBinary) {
  const std::string long_text(1000, '7');
  auto r = Date::parse(long_text);
  ASSERT_FALSE(r.ok());
  EXPECT_LT(r.error().detail.size(), 200u);
  auto bin = Date::parse(std::string("2026-02-1\xff", 10));
  ASSERT_FALSE(bin.ok());
  EXPECT_EQ(bin.error().detail.find('\xff'), std::string::npos);
}

TEST(Date, FromYmdChecksTheSameWay) {
  EXPECT_EQ(Date::from_ymd(2026, 2, 28).value(), d("2026-02-28"));
  EXPECT_FALSE(Date::from_ymd(2026, 2, 29).ok());
  EXPECT_FALSE(Date::from_ymd(2026, 0, 1).ok());
  EXPECT_FALSE(Date::from_ymd(2026, 12, 32).ok());
}

TEST(Date, DaysSinceEpochKnownValues) {
  EXPECT_EQ(d("1970-01-01").days_since_epoch(), 0);
  EXPECT_EQ(d("1969-12-31").days_since_epoch(), -1);
  EXPECT_EQ(d("2000-03-01").days_since_epoch(), 11017);
  EXPECT_EQ(d("2026-01-01").days_since_epoch(), 20454);
  EXPECT_EQ(d("0001-01-01").days_since_epoch(), -719162);
  EXPECT_EQ(Date::from_days(20454), d("2026-01-01"));
  EXPECT_EQ(Date::from_days(-719162), d("0001-01-01"));
  static_assert(Date::from_days(0).days_since_epoch() == 0, "usable at compile time");
}

TEST(Date, DaysRoundTripAndStepOneDayAtATime) {
  // Every day from 1600 to 2400 (three 400-year-cycle boundaries, all leap rules): from_days
  // inverts days_since_epoch and consecutive day numbers are consecutive calendar days.
  Date prev = Date::from_days(d("1600-01-01").days_since_epoch() - 1);
  for (int z = d("1600-01-01").days_since_epoch(); z <= d("2400-12-31").days_since_epoch(); ++z) {
    const Date x = Date::from_days(z);
    ASSERT_EQ(x.days_since_epoch(), z);
    ASSERT_LT(prev, x);
    const bool next_day = x.day() == prev.day() + 1 && x.month() == prev.month() && x.year() == prev.year();
    const bool next_month = x.day() == 1 && prev.day() == days_in_month(prev.year(), prev.month()) &&
                            ((x.month() == prev.month() + 1 && x.year() == prev.year()) ||
                             (x.month() == 1 && prev.month() == 12 && x.year() == prev.year() + 1));
    ASSERT_TRUE(next_day || next_month) << prev.to_string() << " → " << x.to_string();
    prev = x;
  }
}

TEST(Date, DayOfWeekIsIsoMondayOne) {
  EXPECT_EQ(d("1970-01-01").day_of_week(), 4);  // Thursday
  EXPECT_EQ(d("1969-12-28").day_of_week(), 7);  // Sunday, before the epoch
  EXPECT_EQ(d("2026-02-13").day_of_week(), 5);  // Friday
  EXPECT_EQ(d("2026-02-14").day_of_week(), 6);  // Saturday
  EXPECT_EQ(d("2026-02-15").day_of_week(), 7);  // Sunday
  EXPECT_EQ(d("2026-02-16").day_of_week(), 1);  // Monday
  EXPECT_TRUE(d("2026-02-14").is_weekend());
  EXPECT_FALSE(d("2026-02-13").is_weekend());
  EXPECT_EQ(d("2000-01-01").day_of_week(), 6);  // Saturday
}

TEST(Date, AddDaysCrossesMonthsYearsAndLeapDays) {
  EXPECT_EQ(d("2025-12-31").add_days(1), d("2026-01-01"));
  EXPECT_EQ(d("2024-02-28").add_days(1), d("2024-02-29"));
  EXPECT_EQ(d("2025-02-28").add_days(1), d("2025-03-01"));
  EXPECT_EQ(d("2026-03-01").add_days(-1), d("2026-02-28"));
  EXPECT_EQ(d("2026-01-01").add_days(365), d("2027-01-01"));
  EXPECT_EQ(d("2026-01-01").add_days(0), d("2026-01-01"));
}

TEST(Date, ComparesChronologically) {
  EXPECT_LT(d("2025-12-31"), d("2026-01-01"));
  EXPECT_LT(d("2026-01-31"), d("2026-02-01"));
  EXPECT_LT(d("2026-02-09"), d("2026-02-10"));
  EXPECT_EQ(d("2026-02-10"), d("2026-02-10"));
  EXPECT_NE(d("2026-02-10"), d("2026-02-11"));
  EXPECT_GE(d("2026-02-11"), d("2026-02-10"));
  EXPECT_EQ(Date(), d("1970-01-01"));
}

TEST(Date, ShanghaiDateIsUtcPlusEight) {
  using namespace std::chrono;
  const auto at = [](int days, int h, int m, int s) {
    return system_clock::time_point(
        duration_cast<system_clock::duration>(std::chrono::days(days) + hours(h) + minutes(m) + seconds(s)));
  };
  const int dec31 = d("2025-12-31").days_since_epoch();
  EXPECT_EQ(shanghai_date_of(at(dec31, 15, 59, 59)), d("2025-12-31"));  // 23:59:59 in Shanghai
  EXPECT_EQ(shanghai_date_of(at(dec31, 16, 0, 0)), d("2026-01-01"));    // midnight in Shanghai
  EXPECT_EQ(shanghai_date_of(at(dec31, 0, 0, 0)), d("2025-12-31"));
  // Before 1970 the date must floor, not truncate towards zero.
  EXPECT_EQ(shanghai_date_of(at(-1, 15, 59, 59)), d("1969-12-31"));
  EXPECT_EQ(shanghai_date_of(at(-1, 16, 0, 0)), d("1970-01-01"));
  EXPECT_EQ(shanghai_date_of(at(-1, 0, 0, 0) - seconds(1)), d("1969-12-31"));  // 1969-12-30T23:59:59Z
  const Date today = today_in_shanghai();
  EXPECT_GE(today, d("2025-01-01"));
}

}  // namespace
}  // namespace weijian
