#include "core/lunar.h"

#include <gtest/gtest.h>

#include <fstream>
#include <string>

#include "core/test_paths.h"

namespace weijian::lunar {
namespace {

std::optional<Date> computed(int year, const std::string& festival) {
  if (festival == "春节") return to_solar(year, 1, 1);
  if (festival == "端午节") return to_solar(year, 5, 5);
  if (festival == "中秋节") return to_solar(year, 8, 15);
  if (festival == "清明节") return solar_term(year, 15.0);
  return std::nullopt;
}

TEST(Lunar, ComputesEveryPublishedFestivalDate) {
  std::ifstream in(weijian::testing::source_path("src/core/cases/festivals.csv"));
  ASSERT_TRUE(in) << "src/core/cases/festivals.csv";
  std::string line;
  int checked = 0;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#' || line.starts_with("year,")) continue;
    const auto c1 = line.find(','), c2 = line.find(',', c1 + 1);
    const int year = std::stoi(line.substr(0, c1));
    const std::string festival = line.substr(c1 + 1, c2 - c1 - 1);
    const Date want = Date::parse(line.substr(c2 + 1)).value();
    const auto got = computed(year, festival);
    ASSERT_TRUE(got.has_value()) << line;
    EXPECT_EQ(*got, want) << year << " " << festival;
    ++checked;
  }
  EXPECT_GE(checked, 28);
}

TEST(Lunar, SolsticesAndTheEveOfTheNewYear) {
  EXPECT_EQ(solar_term(2026, 270.0), Date::parse("2026-12-22").value());
  EXPECT_EQ(solar_term(2027, 0.0), Date::parse("2027-03-21").value());
  EXPECT_EQ(new_year_eve(2027), Date::parse("2027-02-05").value());
  EXPECT_EQ(new_year_eve(2026), Date::parse("2026-02-16").value());
}

TEST(Lunar, MonthsEndAfterTwentyNineOrThirtyDays) {
  for (int year = 2025; year <= 2035; ++year) {
    for (int month = 1; month <= 12; ++month) {
      ASSERT_TRUE(to_solar(year, month, 29).has_value()) << year << "-" << month;
      const auto d30 = to_solar(year, month, 30);
      const auto next = month < 12 ? to_solar(year, month + 1, 1) : to_solar(year + 1, 1, 1);
      ASSERT_TRUE(next.has_value());
      // Day 30 exists exactly when the next month (or a leap month between) starts later.
      if (d30) {
        EXPECT_LT(*d30, *next) << year << "-" << month;
      }
    }
  }
  EXPECT_FALSE(to_solar(2027, 13, 1).has_value());
  EXPECT_FALSE(to_solar(2027, 1, 31).has_value());
}

}  // namespace
}  // namespace weijian::lunar
