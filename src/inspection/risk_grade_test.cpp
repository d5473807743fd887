#include "inspection/risk_grade.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "core/test_paths.h"
#include "inspection/rules.h"

namespace weijian::inspection {
namespace {

// Cases as data: src/inspection/cases/risk_grade.csv, graded with the shipped rules.
TEST(RiskGrade, CasesFromDataFile) {
  auto rules = InspectionRules::load(weijian::testing::source_path("data/inspection/rules.json"));
  ASSERT_TRUE(rules.ok()) << rules.error().detail;
  std::ifstream in(weijian::testing::source_path("src/inspection/cases/risk_grade.csv"));
  ASSERT_TRUE(in);
  std::string line;
  int cases = 0;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    std::stringstream ss(line);
    std::vector<std::string> f;
    for (std::string cell; std::getline(ss, cell, ',');) f.push_back(cell);
    ASSERT_EQ(f.size(), 7u) << line;
    RiskFacts facts{f[0], std::stoi(f[1]), f[2] == "1", f[3] == "1", std::stoi(f[4])};
    const RiskGrade g = risk_grade(facts, rules->risk);
    EXPECT_EQ(std::string(1, g.grade), f[5]) << line;
    EXPECT_EQ(g.points, std::stoi(f[6])) << line;
    EXPECT_EQ(g.reasons.empty(), g.points == 0) << line;
    ++cases;
  }
  EXPECT_GE(cases, 15);
}

TEST(InspectionRules, RefusesBadFilesNamingTheField) {
  const std::string path = ::testing::TempDir() + "/inspection_rules.json";
  std::ofstream(path) << R"({"ratios_percent": [5, 10, 30], "exclude_months": [12,0,0,0]})";
  auto r = InspectionRules::load(path);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().detail.find("ratios_percent"), std::string::npos) << r.error().detail;
}

}  // namespace
}  // namespace weijian::inspection
