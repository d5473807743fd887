#include "core/calendar.h"
#include "core/test_paths.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <limits>
#include <map>
#include <set>
#include <sstream>

namespace weijian {
namespace {

namespace fs = std::filesystem;

Date d(std::string_view text) { return Date::parse(text).value(); }

std::string calendar_dir() { return testing::source_path("data/calendar"); }

const Result<WorkingCalendar>& loaded() {
  static const Result<WorkingCalendar> cal = WorkingCalendar::load(calendar_dir());
  return cal;
}
const WorkingCalendar& real() { return loaded().value(); }

// Tests of the real calendar: each fails cleanly (instead of crashing the whole test binary)
// when data/calendar/ cannot be found or loaded.
class RealCalendar : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(loaded().ok()) << "data/calendar (set WEIJIAN_SOURCE_DIR): " << loaded().error().detail;
  }
};

bool working(Date x) { return real().is_working_day(x).value(); }
Date add(std::string_view start, int n) { return real().add_working_days(d(start), n).value(); }
int between(std::string_view from, std::string_view to) { return real().working_days_between(d(from), d(to)).value(); }

// ---- the data files themselves, checked against the State Council notices ----

struct Row {
  Date date;
  std::string kind;
  std::string name;
};

std::vector<Row> read_rows(int year) {
  std::ifstream in(calendar_dir() + "/" + std::to_string(year) + ".csv");
  EXPECT_TRUE(in) << year;
  std::vector<Row> rows;
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#' || line == "date,kind,name") continue;
    std::stringstream s(line);
    std::string date, kind, name;
    std::getline(s, date, ',');
    std::getline(s, kind, ',');
    std::getline(s, name);
    rows.push_back({d(date), kind, name});
  }
  return rows;
}

struct Block {
  const char* first;
  int days;
};

struct Notice {
  int year;
  std::vector<Block> holidays;
  std::vector<const char*> workdays;
};

// Transcribed from 国办发明电〔2024〕12号 and 国办发明电〔2025〕7号 as (first day, length):
// a second, independent statement of what the CSV files list day by day.
const std::vector<Notice> kNotices = {
    {2025,
     {{"2025-01-01", 1}, {"2025-01-28", 8}, {"2025-04-04", 3}, {"2025-05-01", 5}, {"2025-05-31", 3}, {"2025-10-01", 8}},
     {"2025-01-26", "2025-02-08", "2025-04-27", "2025-09-28", "2025-10-11"}},
    {2026,
     {{"2026-01-01", 3},
      {"2026-02-15", 9},
      {"2026-04-04", 3},
      {"2026-05-01", 5},
      {"2026-06-19", 3},
      {"2026-09-25", 3},
      {"2026-10-01", 7}},
     {"2026-01-04", "2026-02-14", "2026-02-28", "2026-05-09", "2026-09-20", "2026-10-10"}},
};

TEST(CalendarData, FilesListExactlyTheDaysOfTheNotices) {
  for (const auto& notice : kNotices) {
    std::set<Date> want_holidays, want_workdays, holidays, workdays;
    for (const auto& b : notice.holidays) {
      for (int i = 0; i < b.days; ++i) want_holidays.insert(d(b.first).add_days(i));
    }
    for (const char* w : notice.workdays) want_workdays.insert(d(w));
    for (const auto& r : read_rows(notice.year)) {
      ASSERT_TRUE(r.kind == "holiday" || r.kind == "workday") << r.kind;
      EXPECT_FALSE(r.name.empty()) << r.date.to_string();
      (r.kind == "holiday" ? holidays : workdays).insert(r.date);
    }
    EXPECT_EQ(holidays, want_holidays) << notice.year;
    EXPECT_EQ(workdays, want_workdays) << notice.year;
  }
}

TEST(CalendarData, WorkdaysAreWeekendsAndHolidayBlocksAreContiguous) {
  for (int year : {2025, 2026}) {
    std::map<std::string, std::vector<Date>> blocks;
    for (const auto& r : read_rows(year)) {
      if (r.kind == "workday") {
        EXPECT_TRUE(r.date.is_weekend()) << r.date.to_string() << " is listed as 调休上班 but is not a weekend day";
      } else {
        blocks[r.name].push_back(r.date);
      }
    }
    EXPECT_EQ(blocks.size(), year == 2025 ? 6u : 7u);
    for (auto& [name, days] : blocks) {
      std::sort(days.begin(), days.end());
      for (std::size_t i = 1; i < days.size(); ++i) {
        EXPECT_EQ(days[i], days[i - 1].add_days(1)) << year << " " << name;
      }
    }
  }
}

// ---- queries on the real calendar ----

TEST_F(RealCalendar, CoversTheYearsWithFiles) {
  EXPECT_EQ(real().first_year(), 2025);
  EXPECT_GE(real().last_year(), 2026);
}

TEST_F(RealCalendar, KnowsHolidaysAndAdjustedWeekends) {
  EXPECT_FALSE(working(d("2026-01-01")));  // 元旦, Thursday
  EXPECT_TRUE(working(d("2026-01-04")));   // Sunday, 调休上班
  EXPECT_TRUE(working(d("2026-02-13")));   // ordinary Friday
  EXPECT_TRUE(working(d("2026-02-14")));   // Saturday, 调休上班
  EXPECT_FALSE(working(d("2026-02-16")));  // Monday in 春节
  EXPECT_FALSE(working(d("2026-02-21")));  // Saturday in 春节
  EXPECT_FALSE(working(d("2026-03-07")));  // ordinary Saturday
  EXPECT_TRUE(working(d("2026-03-09")));   // ordinary Monday
  EXPECT_FALSE(working(d("2025-10-08")));  // 8-day 国庆节、中秋节 2025
  EXPECT_TRUE(working(d("2025-10-11")));   // Saturday, 调休上班
  EXPECT_FALSE(working(d("2025-05-05")));  // Monday, 劳动节
}

TEST_F(RealCalendar, YearTotalsAre248) {
  // 365 days − 104 weekend days − 13 statutory holidays (since 2025: 元旦 1, 春节 4, 清明 1,
  // 劳动节 2, 端午 1, 中秋 1, 国庆 3) = 248; 调休 moves days but keeps the total.
  // 2025: 365 − 104 − 18 holidays on weekdays + 5 adjusted weekends = 248.
  // 2026: 365 − 104 − 19 holidays on weekdays + 6 adjusted weekends = 248.
  for (int year : {2025, 2026}) {
    int count = 0;
    for (Date x = Date::from_ymd(year, 1, 1).value(); x.year() == year; x = x.add_days(1)) count += working(x);
    EXPECT_EQ(count, 248) << year;
  }
  // The same through the O(1) path: 1 January is a holiday in both years.
  EXPECT_EQ(between("2025-01-01", "2025-12-31"), 248);
  EXPECT_EQ(between("2026-01-01", "2026-12-31"), 248);
  EXPECT_EQ(between("2025-01-01", "2026-12-31"), 248 + 248);
}

TEST_F(RealCalendar, AddWorkingDaysAroundHolidays) {
  EXPECT_EQ(add("2026-02-13", 1), d("2026-02-14"));  // Friday → 调休 Saturday
  EXPECT_EQ(add("2026-02-14", 1), d("2026-02-24"));  // across 春节 2026-02-15…23
  EXPECT_EQ(add("2025-09-30", 1), d("2025-10-09"));  // across 国庆节、中秋节 2025-10-01…08
  EXPECT_EQ(add("2025-01-24", 1), d("2025-01-26"));  // Friday → 调休 Sunday
  EXPECT_EQ(add("2025-04-30", 1), d("2025-05-06"));
  EXPECT_EQ(add("2026-04-30", 5), d("2026-05-11"));  // 劳动节, then Saturday 5-9 counts
  // 20 working days from Sunday 2026-09-20 (itself a 调休 working day, not counted):
  // 9-21…24, 9-28…30, 10-08, 10-09, 10-10 (Sat), 10-12…16, 10-19…23; 中秋 and 国庆 skipped.
  EXPECT_EQ(add("2026-09-20", 20), d("2026-10-23"));
}

TEST_F(RealCalendar, AddZeroIsTheSameOrNextWorkingDay) {
  EXPECT_EQ(add("2026-02-13", 0), d("2026-02-13"));
  EXPECT_EQ(add("2026-02-14", 0), d("2026-02-14"));  // a working Saturday
  EXPECT_EQ(add("2026-02-15", 0), d("2026-02-24"));  // inside 春节
  EXPECT_EQ(add("2026-03-07", 0), d("2026-03-09"));  // ordinary Saturday
}

TEST_F(RealCalendar, CrossesTheYearBoundary) {
  // 2026-01-01…03 are 元旦 and Sunday 2026-01-04 is a 调休 working day.
  EXPECT_EQ(add("2025-12-31", 1), d("2026-01-04"));
  EXPECT_EQ(add("2025-12-31", 2), d("2026-01-05"));
  EXPECT_EQ(add("2025-12-30", 1), d("2025-12-31"));
  EXPECT_EQ(between("2025-12-31", "2026-01-04"), 1);
  EXPECT_EQ(between("2025-12-31", "2026-01-31"), 21);
}

TEST_F(RealCalendar, BetweenCountsTheEndButNotTheStart) {
  EXPECT_EQ(between("2026-02-13", "2026-02-13"), 0);
  EXPECT_EQ(between("2026-02-13", "2026-02-14"), 1);
  EXPECT_EQ(between("2026-02-13", "2026-02-24"), 2);
  EXPECT_EQ(between("2026-02-14", "2026-02-23"), 0);  // only 春节 days in between
  EXPECT_EQ(between("2025-09-30", "2025-10-31"), 18);
}

TEST_F(RealCalendar, BetweenIsNegativeWhenTheDatesAreReversed) {
  EXPECT_EQ(between("2026-02-24", "2026-02-13"), -2);
  EXPECT_EQ(between("2025-10-31", "2025-09-30"), -18);
}

TEST_F(RealCalendar, FastPathsAgreeWithCountingDayByDay) {
  // Every start day of the covered years, n up to 45: add_working_days must give the day
  // found by walking one day at a time, between must undo it, and where the walk leaves the
  // covered years add_working_days must be an error too.
  const Date first = Date::from_ymd(real().first_year(), 1, 1).value();
  const Date last = Date::from_ymd(real().last_year(), 12, 31).value();
  int checked = 0, past_the_end = 0;
  for (Date s = first; s <= last; s = s.add_days(1)) {
    Date walk = s;
    for (int n = 0; n <= 45; ++n) {
      if (n == 1) walk = s;  // n >= 1 counts working days strictly after s
      if (n > 0) walk = walk.add_days(1);
      while (walk <= last && !working(walk)) walk = walk.add_days(1);
      auto got = real().add_working_days(s, n);
      if (walk > last) {
        ASSERT_FALSE(got.ok()) << s << " + " << n << " needs next year's schedule";
        ++past_the_end;
        break;
      }
      ASSERT_TRUE(got.ok()) << s << " + " << n << ": " << got.error().detail;
      ASSERT_EQ(*got, walk) << s << " + " << n;
      if (n > 0) {
        ASSERT_EQ(real().working_days_between(s, *got).value(), n) << s << " + " << n;
      }
      ++checked;
    }
  }
  EXPECT_GT(checked, 30000);
  EXPECT_GT(past_the_end, 40);
}

TEST_F(RealCalendar, UncoveredYearsAreErrorsThatSayWhatToAdd) {
  auto later = real().is_working_day(d("2099-01-05"));
  ASSERT_FALSE(later.ok());
  EXPECT_EQ(later.error().code, ErrorCode::unavailable);
  EXPECT_NE(later.error().detail.find("2099 年"), std::string::npos) << later.error().detail;
  EXPECT_NE(later.error().detail.find(".csv"), std::string::npos) << later.error().detail;

  auto earlier = real().is_working_day(d("2024-06-03"));
  ASSERT_FALSE(earlier.ok());
  EXPECT_NE(earlier.error().detail.find("2024.csv"), std::string::npos) << earlier.error().detail;
  EXPECT_FALSE(real().add_working_days(d("2024-12-31"), 1).ok()) << "start must be covered too";
  EXPECT_FALSE(real().working_days_between(d("2024-12-31"), d("2025-01-02")).ok());
}

TEST_F(RealCalendar, ADeadlinePastTheLastCoveredYearIsAnError) {
  const int last = real().last_year();
  const Date dec30 = Date::from_ymd(last, 12, 30).value();
  const Date dec31 = Date::from_ymd(last, 12, 31).value();
  const std::string next = std::to_string(last + 1);
  // Finding a day beyond 31 December needs next year's schedule; so does any count into it.
  auto beyond = real().add_working_days(dec31, 1);
  ASSERT_FALSE(beyond.ok());
  EXPECT_NE(beyond.error().detail.find("工作日历未包含 " + next + " 年的节假日安排"), std::string::npos)
      << beyond.error().detail;
  EXPECT_NE(beyond.error().detail.find(next + ".csv"), std::string::npos) << beyond.error().detail;
  EXPECT_FALSE(real().add_working_days(dec30, 400).ok());
  EXPECT_FALSE(real().working_days_between(dec30, dec31.add_days(1)).ok());
  EXPECT_FALSE(real().is_working_day(dec31.add_days(1)).ok());
  // …while the last covered days themselves still answer.
  EXPECT_TRUE(real().is_working_day(dec31).ok());
  EXPECT_TRUE(real().working_days_between(dec30, dec31).ok());
}

// ---- provisional years (data/calendar/provisional.json) ----

TEST_F(RealCalendar, YearsAfterTheLastFileAreProvisional) {
  const int official = real().last_official_year();
  EXPECT_GE(official, 2026);
  EXPECT_EQ(real().last_year(), official + 3);
  EXPECT_FALSE(real().is_provisional(Date::from_ymd(official, 12, 31).value()));
  EXPECT_TRUE(real().is_provisional(Date::from_ymd(official + 1, 1, 4).value()));
}

TEST_F(RealCalendar, ProvisionalYearFollowsTheStatutoryHolidaysAndMakesUpWeekends) {
  if (real().last_official_year() >= 2027) GTEST_SKIP() << "2027 has its notice now: the file rules";
  // 《全国年节及纪念日放假办法》 Art 2 for 2027: 元旦 Fri 1-01; 春节 除夕 Fri 2-05 to 初三 Mon 2-08
  // (Sat, Sun made up on Tue 2-09, Wed 2-10, Art 6); 清明 Mon 4-05; 劳动节 Sat 5-01, Sun 5-02
  // (made up Mon 5-03, Tue 5-04); 端午 Wed 6-09; 中秋 Wed 9-15; 国庆 Fri 10-01 to Sun 10-03
  // (Sat, Sun made up Mon 10-04, Tue 10-05).
  for (const char* off : {"2027-01-01", "2027-02-05", "2027-02-08", "2027-02-09", "2027-02-10", "2027-04-05", "2027-05-03",
                          "2027-05-04", "2027-06-09", "2027-09-15", "2027-10-01", "2027-10-04", "2027-10-05"})
    EXPECT_FALSE(working(d(off))) << off;
  for (const char* on : {"2027-01-04", "2027-02-04", "2027-02-11", "2027-04-06", "2027-05-05", "2027-06-10", "2027-10-06"})
    EXPECT_TRUE(working(d(on))) << on;
  EXPECT_FALSE(working(d("2027-02-13"))) << "no 调休 is guessed: weekends rest";
  // 13 statutory days, every one falling on or made up on a weekday: 365 − 104 − 13.
  EXPECT_EQ(between("2026-12-31", "2027-12-31"), 248);
}

TEST_F(RealCalendar, DeadlinesIntoAProvisionalYearAnswer) {
  // A case opened on 2026-11-20: 90 days (Art 60) and 15 working days reach into 2027.
  auto far = real().add_working_days(d("2026-12-21"), 15);
  ASSERT_TRUE(far.ok()) << far.error().detail;
  EXPECT_EQ(*far, d("2027-01-12"));  // 12-22…31 (8), 1-04…08 (5), 1-11, 1-12; 1-01 off
  EXPECT_TRUE(real().is_provisional(*far));
  EXPECT_EQ(between("2027-02-04", "2027-02-11"), 1);
}

TEST_F(RealCalendar, NegativeCountIsRefused) { EXPECT_FALSE(real().add_working_days(d("2026-03-02"), -1).ok()); }

TEST_F(RealCalendar, HugeCountIsAnErrorNotAnOverflow) {
  auto r = real().add_working_days(d("2026-03-02"), std::numeric_limits<int>::max());
  EXPECT_FALSE(r.ok());
}

// ---- malformed files ----

class CalendarFiles : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    dir_ = (fs::path(::testing::TempDir()) / (std::string("wj_calendar_") + info->name())).string();
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  void write(const std::string& name, const std::string& content) {
    std::ofstream(dir_ + "/" + name, std::ios::binary) << content;
  }
  // The detail of the expected load failure.
  std::string refused() {
    auto c = WorkingCalendar::load(dir_);
    EXPECT_FALSE(c.ok());
    return c.ok() ? "" : c.error().detail;
  }

  std::string dir_;
};

constexpr const char* kHeader = "# comment\ndate,kind,name\n";

TEST_F(CalendarFiles, AMinimalFileLoadsAndOtherExtensionsAreIgnored) {
  write("2026.csv", std::string(kHeader) + "2026-01-01,holiday,元旦\n");
  write("README.md", "not a calendar\n");
  write("2026.csv.bak", "garbage\n");
  auto c = WorkingCalendar::load(dir_);
  ASSERT_TRUE(c.ok()) << c.error().detail;
  EXPECT_FALSE(c->is_working_day(d("2026-01-01")).value());
  EXPECT_TRUE(c->is_working_day(d("2026-01-02")).value());
  EXPECT_FALSE(c->is_working_day(d("2026-01-04")).value()) << "unlisted Sunday rests";
}

TEST_F(CalendarFiles, SpreadsheetExportWithBomCrlfAndSpacesLoads) {
  write("2026.csv",
        "\xEF\xBB\xBF# 依据\r\ndate,kind,name\r\n\r\n 2026-01-01 , holiday , 元旦 \r\n2026-01-04,workday,元旦\r\n");
  auto c = WorkingCalendar::load(dir_);
  ASSERT_TRUE(c.ok()) << c.error().detail;
  EXPECT_FALSE(c->is_working_day(d("2026-01-01")).value());
  EXPECT_TRUE(c->is_working_day(d("2026-01-04")).value());
}

TEST_F(CalendarFiles, ImpossibleDateIsRefusedWithFileAndLine) {
  write("2026.csv", std::string(kHeader) + "2026-01-01,holiday,元旦\n2026-02-30,holiday,春节\n");
  const std::string detail = refused();
  EXPECT_NE(detail.find("2026.csv 第 4 行"), std::string::npos) << detail;
  EXPECT_NE(detail.find("2026-02-30"), std::string::npos) << detail;
}

TEST_F(CalendarFiles, BadDateShapeIsRefused) {
  write("2026.csv", std::string(kHeader) + "2026/01/01,holiday,元旦\n");
  const std::string detail = refused();
  EXPECT_NE(detail.find("第 3 行"), std::string::npos) << detail;
  EXPECT_NE(detail.find("YYYY-MM-DD"), std::string::npos) << detail;
}

TEST_F(CalendarFiles, UnknownKindIsRefused) {
  write("2026.csv", std::string(kHeader) + "2026-01-01,holliday,元旦\n");
  const std::string detail = refused();
  EXPECT_NE(detail.find("第 3 行"), std::string::npos) << detail;
  EXPECT_NE(detail.find("holliday"), std::string::npos) << detail;
}

TEST_F(CalendarFiles, WrongColumnCountIsRefused) {
  write("2026.csv", std::string(kHeader) + "2026-01-01,holiday,元旦\n2026-01-02,holiday\n");
  EXPECT_NE(refused().find("第 4 行"), std::string::npos);
  write("2026.csv", std::string(kHeader) + "2026-01-01,holiday,国庆节,中秋节\n");
  const std::string detail = refused();
  EXPECT_NE(detail.find("第 3 行"), std::string::npos) << detail;
  EXPECT_NE(detail.find("4 列"), std::string::npos) << detail;
}

TEST_F(CalendarFiles, EmptyNameIsRefused) {
  write("2026.csv", std::string(kHeader) + "2026-01-01,holiday,\n");
  EXPECT_NE(refused().find("第 3 行"), std::string::npos);
}

TEST_F(CalendarFiles, MissingHeaderIsRefused) {
  write("2026.csv", "2026-01-01,holiday,元旦\n");
  const std::string detail = refused();
  EXPECT_NE(detail.find("第 1 行"), std::string::npos) << detail;
  EXPECT_NE(detail.find("date,kind,name"), std::string::npos) << detail;
}

TEST_F(CalendarFiles, WorkdayOnAWeekdayIsRefused) {
  write("2026.csv", std::string(kHeader) + "2026-01-01,holiday,元旦\n2026-01-05,workday,元旦\n");
  const std::string detail = refused();
  EXPECT_NE(detail.find("2026.csv 第 4 行"), std::string::npos) << detail;
  EXPECT_NE(detail.find("星期一"), std::string::npos) << detail;
}

TEST_F(CalendarFiles, HolidayListedTwiceIsRefusedNamingBothLines) {
  write("2026.csv",
        std::string(kHeader) + "2026-01-01,holiday,元旦\n2026-01-02,holiday,元旦\n2026-01-01,holiday,元旦\n");
  const std::string detail = refused();
  EXPECT_NE(detail.find("第 5 行"), std::string::npos) << detail;
  EXPECT_NE(detail.find("第 3 行"), std::string::npos) << detail;
  EXPECT_NE(detail.find("重复"), std::string::npos) << detail;
}

TEST_F(CalendarFiles, HolidayBlockWithAGapIsRefused) {
  // A typo of 10-17 for 10-07 would silently give a day off in the middle of October.
  write("2026.csv", std::string(kHeader) +
                        "2026-10-01,holiday,国庆节\n2026-10-02,holiday,国庆节\n2026-10-03,holiday,国庆节\n"
                        "2026-10-04,holiday,国庆节\n2026-10-05,holiday,国庆节\n2026-10-06,holiday,国庆节\n"
                        "2026-10-17,holiday,国庆节\n");
  const std::string detail = refused();
  EXPECT_NE(detail.find("第 9 行"), std::string::npos) << detail;
  EXPECT_NE(detail.find("不连续"), std::string::npos) << detail;
}

TEST_F(CalendarFiles, DateOfAnotherYearIsRefused) {
  write("2026.csv", std::string(kHeader) + "2026-01-01,holiday,元旦\n2027-01-01,holiday,元旦\n");
  const std::string detail = refused();
  EXPECT_NE(detail.find("第 4 行"), std::string::npos) << detail;
  EXPECT_NE(detail.find("不属于 2026 年"), std::string::npos) << detail;
}

TEST_F(CalendarFiles, ANoticeMayMoveTheLastDaysOfThePreviousYear) {
  // The 2012 notice made Saturday 2011-12-31 a working day; it belongs in 2012.csv.
  write("2011.csv", std::string(kHeader) + "2011-10-01,holiday,国庆节\n");
  write("2012.csv", std::string(kHeader) +
                        "2011-12-31,workday,元旦\n2012-01-01,holiday,元旦\n"
                        "2012-01-02,holiday,元旦\n2012-01-03,holiday,元旦\n");
  auto c = WorkingCalendar::load(dir_);
  ASSERT_TRUE(c.ok()) << c.error().detail;
  EXPECT_TRUE(c->is_working_day(d("2011-12-31")).value());
  EXPECT_EQ(c->add_working_days(d("2011-12-30"), 1).value(), d("2011-12-31"));
  EXPECT_EQ(c->add_working_days(d("2011-12-31"), 1).value(), d("2012-01-04"));
  // Only December may be reached back into.
  write("2012.csv", std::string(kHeader) + "2011-11-05,workday,元旦\n2012-01-01,holiday,元旦\n");
  EXPECT_NE(refused().find("不属于 2012 年"), std::string::npos);
}

TEST_F(CalendarFiles, DateListedInTwoFilesIsRefused) {
  write("2011.csv", std::string(kHeader) + "2011-10-01,holiday,国庆节\n2011-12-31,workday,元旦\n");
  write("2012.csv", std::string(kHeader) + "2011-12-31,workday,元旦\n2012-01-01,holiday,元旦\n");
  const std::string detail = refused();
  EXPECT_NE(detail.find("2011.csv 第 4 行"), std::string::npos) << detail;
  EXPECT_NE(detail.find("2012.csv 第 3 行"), std::string::npos) << detail;
}

TEST_F(CalendarFiles, FileWithoutHolidaysIsRefused) {
  write("2026.csv", std::string(kHeader) + "2026-01-04,workday,元旦\n");
  EXPECT_NE(refused().find("holiday"), std::string::npos);
  write("2026.csv", "# only comments\n");
  EXPECT_NE(refused().find("2026.csv"), std::string::npos);
}

TEST_F(CalendarFiles, GapBetweenYearsIsRefused) {
  write("2025.csv", std::string(kHeader) + "2025-01-01,holiday,元旦\n");
  write("2027.csv", std::string(kHeader) + "2027-01-01,holiday,元旦\n");
  EXPECT_NE(refused().find("缺少 2026 年"), std::string::npos);
}

TEST_F(CalendarFiles, BadFileNameIsRefused) {
  write("2026.csv", std::string(kHeader) + "2026-01-01,holiday,元旦\n");
  write("holidays-2027.csv", std::string(kHeader) + "2027-01-01,holiday,元旦\n");
  EXPECT_NE(refused().find("holidays-2027.csv"), std::string::npos);
}

TEST_F(CalendarFiles, EmptyOrMissingDirectoryIsRefused) {
  EXPECT_NE(refused().find("没有任何年份文件"), std::string::npos);
  auto missing = WorkingCalendar::load(dir_ + "/does-not-exist");
  EXPECT_FALSE(missing.ok());
}

TEST_F(CalendarFiles, UncoveredErrorNamesTheConfiguredDirectoryAndEveryMissingYear) {
  write("2026.csv", std::string(kHeader) + "2026-01-01,holiday,元旦\n");
  auto c = WorkingCalendar::load(dir_);
  ASSERT_TRUE(c.ok()) << c.error().detail;
  const std::string later = c->is_working_day(d("2028-03-01")).error().detail;
  EXPECT_NE(later.find(dir_ + "/"), std::string::npos) << later;
  EXPECT_NE(later.find("2027.csv 至 2028.csv"), std::string::npos) << later;
  const std::string earlier = c->is_working_day(d("2025-03-01")).error().detail;
  EXPECT_NE(earlier.find("添加 2025.csv，"), std::string::npos) << earlier;
}

TEST_F(CalendarFiles, ProvisionalYearsComeOnlyWithProvisionalJson) {
  write("2026.csv", std::string(kHeader) + "2026-01-01,holiday,元旦\n");
  ASSERT_FALSE(WorkingCalendar::load(dir_)->is_working_day(d("2027-03-01")).ok()) << "strict without the file";
  write("provisional.json", R"({"years_ahead": 1, "compensate_weekends": false,
    "holidays": [{"name": "元旦", "date": "01-01", "days": 1}, {"name": "春节", "lunar": "eve", "days": 4}]})");
  auto c = WorkingCalendar::load(dir_);
  ASSERT_TRUE(c.ok()) << c.error().detail;
  EXPECT_EQ(c->last_official_year(), 2026);
  EXPECT_EQ(c->last_year(), 2027);
  EXPECT_FALSE(c->is_working_day(d("2027-02-05")).value());
  EXPECT_TRUE(c->is_working_day(d("2027-02-09")).value()) << "no make-up days when compensate_weekends is off";
  EXPECT_TRUE(c->is_working_day(d("2027-04-05")).value()) << "清明 is not in this file";
  auto beyond = c->is_working_day(d("2028-01-03"));
  ASSERT_FALSE(beyond.ok());
  EXPECT_NE(beyond.error().detail.find("2027 年为预估"), std::string::npos) << beyond.error().detail;
  EXPECT_NE(beyond.error().detail.find("2027.csv 至 2028.csv"), std::string::npos) << beyond.error().detail;
}

TEST_F(CalendarFiles, BadProvisionalJsonIsRefusedNamingTheFile) {
  write("2026.csv", std::string(kHeader) + "2026-01-01,holiday,元旦\n");
  for (const char* bad : {"not json", R"({"years_ahead": 20, "holidays": [{"name": "元旦", "date": "01-01", "days": 1}]})",
                          R"({"years_ahead": 1, "holidays": []})",
                          R"({"years_ahead": 1, "holidays": [{"name": "元旦", "date": "13-01", "days": 1}]})",
                          R"({"years_ahead": 1, "holidays": [{"name": "元旦", "days": 1}]})",
                          R"({"years_ahead": 1, "holidays": [{"name": "元旦", "date": "01-01", "days": 0}]})"}) {
    write("provisional.json", bad);
    EXPECT_NE(refused().find("provisional.json"), std::string::npos) << bad;
  }
}

}  // namespace
}  // namespace weijian
