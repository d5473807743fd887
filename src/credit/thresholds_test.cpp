// The threshold rules as data: every file in src/credit/cases/thresholds/ holds one cycle's
// points (in assessment order) and the crossings they must give (point: the index of the point
// that crossed); every file in cases/publication/ a list entry's start and months and the dates
// its publication must end. The figures are data/credit/rules.json.
#include "credit/thresholds.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "core/json.h"

namespace weijian::credit {
namespace {

namespace fs = std::filesystem;

fs::path source_dir() {
  if (const char* src = std::getenv("WEIJIAN_SOURCE_DIR"); src && *src) return src;
  for (fs::path p = fs::current_path(); !p.empty(); p = p.parent_path()) {
    if (fs::is_directory(p / "src" / "credit" / "cases")) return p;
    if (p == p.parent_path()) break;
  }
  return ".";
}

std::vector<fs::path> files_in(const std::string& folder) {
  std::vector<fs::path> out;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(source_dir() / "src" / "credit" / "cases" / folder, ec))
    if (e.path().extension() == ".json") out.push_back(e.path());
  std::sort(out.begin(), out.end());
  return out;
}

Json read_json(const fs::path& p) {
  std::ifstream in(p);
  std::stringstream ss;
  ss << in.rdbuf();
  return Json::parse(ss.str());
}

const CreditRules& rules() {
  static const CreditRules r = [] {
    auto loaded = CreditRules::load((source_dir() / "data").string());
    if (!loaded.ok()) throw std::runtime_error(loaded.error().detail);
    return std::move(loaded.value());
  }();
  return r;
}

TEST(CreditThresholds, CasesGiveTheirCrossings) {
  const auto files = files_in("thresholds");
  ASSERT_GE(files.size(), 12u);
  for (const auto& file : files) {
    SCOPED_TRACE(file.filename().string());
    const Json c = read_json(file);
    std::vector<ScoredPoint> points;
    for (const auto& p : c["points"])
      points.push_back({static_cast<std::int64_t>(points.size()) + 100, p["points"].get<int>(), Date::parse(p["on"].get<std::string>()).value()});
    const auto got = crossings(rules(), c["subject_kind"].get<std::string>(), points);
    ASSERT_EQ(got.size(), c["expect"].size());
    for (std::size_t i = 0; i < got.size(); ++i) {
      const Json& e = c["expect"][i];
      EXPECT_EQ(got[i].threshold->code, e["code"].get<std::string>());
      EXPECT_EQ(got[i].threshold->points, e["threshold"].get<int>());
      EXPECT_EQ(got[i].point_id, e["point"].get<std::int64_t>() + 100);
      EXPECT_EQ(got[i].total, e["total"].get<int>());
      EXPECT_EQ(got[i].starts.to_string(), e["starts_on"].get<std::string>());
      EXPECT_EQ(got[i].ends.to_string(), e["ends_on"].get<std::string>());
    }
  }
}

TEST(CreditThresholds, PublicationCasesGiveTheirEndDates) {
  const auto files = files_in("publication");
  ASSERT_GE(files.size(), 2u);
  for (const auto& file : files) {
    SCOPED_TRACE(file.filename().string());
    const Json c = read_json(file);
    const auto got = publication_period(rules().period(c["severity"].get<std::string>()), Date::parse(c["starts_on"].get<std::string>()).value(),
                                        c["months"].get<int>());
    EXPECT_EQ(got.min_ends_on.to_string(), c["expect"]["min_ends_on"].get<std::string>());
    EXPECT_EQ(got.ends_on.to_string(), c["expect"]["ends_on"].get<std::string>());
  }
}

}  // namespace
}  // namespace weijian::credit
