#include "inspection/draw.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <set>
#include <random>

namespace weijian::inspection {
namespace {

std::vector<DrawTarget> make_population(int per_grade) {
  std::vector<DrawTarget> p;
  for (char g : kGrades)
    for (int i = 0; i < per_grade; ++i) p.push_back({std::string(1, g) + "-" + std::to_string(i), g, 1.0, ""});
  return p;
}

DrawSpec spec_with(std::string seed, std::array<double, 4> ratios) {
  DrawSpec s;
  s.seed = std::move(seed);
  s.ratios = ratios;
  return s;
}

TEST(Draw, SameInputsSameResultWhateverTheStorageOrder) {
  auto pop = make_population(50);
  const auto spec = spec_with("seed-1", {0.05, 0.10, 0.30, 0.60});
  auto first = draw(pop, spec);
  ASSERT_TRUE(first.ok());
  std::shuffle(pop.begin(), pop.end(), std::mt19937(42));
  auto again = draw(pop, spec);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(first->selected, again->selected);
  EXPECT_EQ(population_digest(pop), population_digest(make_population(50)));
  auto other = draw(pop, spec_with("seed-2", {0.05, 0.10, 0.30, 0.60}));
  EXPECT_NE(first->selected, other->selected);
}

TEST(Draw, GradeRatiosHoldExactly) {
  const auto pop = make_population(100);
  auto r = draw(pop, spec_with("s", {0.05, 0.10, 0.30, 0.60}));
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->drawn, (std::array<std::int64_t, 4>{5, 10, 30, 60}));
  EXPECT_EQ(r->selected.size(), 105u);
  std::map<char, int> per;
  for (const auto& id : r->selected) ++per[id[0]];
  EXPECT_EQ(per['A'], 5);
  EXPECT_EQ(per['D'], 60);
  EXPECT_EQ(std::set<std::string>(r->selected.begin(), r->selected.end()).size(), r->selected.size()) << "no repeats";
}

TEST(Draw, QuotasRoundUpAndRespectMinAndMax) {
  DrawSpec s = spec_with("s", {0.05, 0.10, 0.30, 0.60});
  EXPECT_EQ(quotas({7, 7, 10, 3}, s), (std::array<std::int64_t, 4>{1, 1, 3, 2}));  // ceil, 0.3 × 10 stays 3
  s.max_total = 4;
  EXPECT_EQ(quotas({7, 7, 10, 3}, s), (std::array<std::int64_t, 4>{0, 0, 2, 2})) << "low-risk grades give up first";
  s.max_total = INT64_MAX;
  s.min_total = 12;
  EXPECT_EQ(quotas({7, 7, 10, 3}, s), (std::array<std::int64_t, 4>{1, 1, 7, 3})) << "high-risk grades are raised first";
  s.min_total = 1000;
  EXPECT_EQ(quotas({7, 7, 10, 3}, s), (std::array<std::int64_t, 4>{7, 7, 10, 3})) << "never more than there are";
}

// Over many seeds every target of a grade is drawn equally often (chi-square, df = 39,
// critical value 72.05 at p = 0.001). The seeds are fixed, so the test is deterministic.
TEST(Draw, SelectionIsUniformWithinEachGrade) {
  const auto pop = make_population(40);
  std::map<std::string, int> hits;
  const int runs = 4000;
  for (int i = 0; i < runs; ++i) {
    auto r = draw(pop, spec_with("uniformity-" + std::to_string(i), {0.25, 0.25, 0.25, 0.25}));
    ASSERT_TRUE(r.ok());
    for (const auto& id : r->selected) ++hits[id];
  }
  for (char g : kGrades) {
    const double expected = runs * 10.0 / 40.0;
    double chi2 = 0;
    for (int i = 0; i < 40; ++i) {
      const double o = hits[std::string(1, g) + "-" + std::to_string(i)];
      chi2 += (o - expected) * (o - expected) / expected;
    }
    EXPECT_LT(chi2, 72.05) << "grade " << g;
  }
}

// With weights, k = 1 of two targets weighted 3:1 picks the heavy one 3/4 of the time.
TEST(Draw, WeightsTiltTheDrawProportionally) {
  std::vector<DrawTarget> pop = {{"heavy", 'C', 3.0, ""}, {"light", 'C', 1.0, ""}};
  int heavy = 0;
  for (int i = 0; i < 4000; ++i) {
    auto r = draw(pop, spec_with("w-" + std::to_string(i), {0, 0, 0.5, 0}));
    ASSERT_TRUE(r.ok());
    ASSERT_EQ(r->selected.size(), 1u);
    heavy += r->selected[0] == "heavy";
  }
  EXPECT_GT(heavy, 2850);
  EXPECT_LT(heavy, 3150);
}

TEST(Draw, BadInputIsRefusedWithTheReason) {
  EXPECT_FALSE(draw({}, spec_with("s", {0.1, 0.1, 0.1, 0.1})).ok());
  auto bad_grade = draw({{"x", 'E', 1.0, ""}}, spec_with("s", {0.1, 0.1, 0.1, 0.1}));
  ASSERT_FALSE(bad_grade.ok());
  EXPECT_NE(bad_grade.error().detail.find("x"), std::string::npos);
  EXPECT_FALSE(draw({{"x", 'A', 0.0, ""}}, spec_with("s", {0.1, 0.1, 0.1, 0.1})).ok());
  EXPECT_FALSE(draw({{"x", 'A', 1.0, ""}}, spec_with("s", {1.5, 0, 0, 0})).ok());
  EXPECT_FALSE(draw({{"x", 'A', 1.0, ""}}, spec_with("", {0.1, 0, 0, 0})).ok());
}

TEST(Draw, SeedDependsOnEveryInputAndCannotBeShuffled) {
  const std::string a = derive_seed("plan-1", "digest", "nonce", {"w1", "w2"});
  EXPECT_EQ(a, derive_seed("plan-1", "digest", "nonce", {"w1", "w2"}));
  EXPECT_NE(a, derive_seed("plan-1", "digest", "nonce", {"w1", "w3"}));
  EXPECT_NE(a, derive_seed("plan-1", "digest", "nonce", {"w2", "w1"}));
  EXPECT_NE(derive_seed("p", "d", "c", {"ab", "c"}), derive_seed("p", "d", "c", {"a", "bc"})) << "length-prefixed";
}

}  // namespace
}  // namespace weijian::inspection
