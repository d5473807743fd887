// The rule cases as data: every folder src/claims/cases/<rule>/ holds input files <case>.csv
// with the findings each must yield in <case>.expected.csv (rule_id, psn_no, mdtrt_id,
// feedetl_sn, related, medins_id, amount), and optionally a registry.json snapshot for the
// registry rules. The catalogue is cases/catalog.csv; the rule base is data/claims/rules.json.
// A folder named after a rule compares that rule's findings only.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "claims/engine.h"

namespace weijian::claims {
namespace {

namespace fs = std::filesystem;

fs::path source_dir() {
  if (const char* src = std::getenv("WEIJIAN_SOURCE_DIR"); src && *src) return src;
  for (fs::path p = fs::current_path(); !p.empty(); p = p.parent_path()) {
    if (fs::is_directory(p / "src" / "claims" / "cases")) return p;
    if (p == p.parent_path()) break;
  }
  return ".";
}

fs::path cases_dir() { return source_dir() / "src" / "claims" / "cases"; }

std::string read(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

struct Case {
  std::string rule, name;
};

void PrintTo(const Case& c, std::ostream* os) { *os << c.rule << "/" << c.name; }

std::vector<Case> all_cases() {
  std::vector<Case> out;
  std::error_code ec;
  for (const auto& dir : fs::directory_iterator(cases_dir(), ec)) {
    if (!dir.is_directory()) continue;
    for (const auto& f : fs::directory_iterator(dir.path())) {
      const std::string file = f.path().filename().string();
      if (f.path().extension() == ".csv" && file.find(".expected.") == std::string::npos)
        out.push_back({dir.path().filename().string(), f.path().stem().string()});
    }
  }
  std::sort(out.begin(), out.end(), [](const Case& a, const Case& b) { return std::tie(a.rule, a.name) < std::tie(b.rule, b.name); });
  return out;
}

const Catalog& catalog() {
  static const Catalog c = [] {
    auto r = Catalog::load((cases_dir() / "catalog.csv").string());
    if (!r.ok()) throw std::runtime_error(r.error().detail);
    return std::move(r).value();
  }();
  return c;
}

const RuleBase& rules() {
  static const RuleBase r = [] {
    auto rb = RuleBase::load((source_dir() / "data" / "claims" / "rules.json").string());
    if (!rb.ok()) throw std::runtime_error(rb.error().detail);
    return std::move(rb).value();
  }();
  return r;
}

std::string row(const Finding& f) {
  return std::string(rule_key(f.rule)) + "," + f.psn_no + "," + f.mdtrt_id + "," + f.feedetl_sn + "," + f.related + "," + f.medins_id + "," +
         format_yuan(f.amount_fen);
}

class RuleCase : public ::testing::TestWithParam<Case> {};

TEST_P(RuleCase, YieldsExpectedFindings) {
  const Case& c = GetParam();
  const fs::path dir = cases_dir() / c.rule;
  ImportReport report;
  auto lines = parse_fee_csv(read(dir / (c.name + ".csv")), report);
  ASSERT_TRUE(lines.ok()) << lines.error().detail;
  ASSERT_TRUE(report.ok()) << report.to_json().dump();
  std::optional<RegistrySnapshot> registry;
  if (fs::exists(dir / "registry.json")) {
    auto r = RegistrySnapshot::load_file((dir / "registry.json").string());
    ASSERT_TRUE(r.ok()) << r.error().detail;
    registry = std::move(r).value();
  }
  AuditContext ctx{catalog(), rules(), registry ? &*registry : nullptr};
  RuleId only{};
  const bool filtered = rule_from_key(c.rule, only);
  std::vector<std::string> got;
  for (const auto& f : audit_lines(*lines, ctx)) {
    if (filtered && f.rule != only) continue;
    EXPECT_FALSE(f.evidence.empty()) << row(f);
    got.push_back(row(f));
  }
  std::vector<std::string> want;
  std::istringstream exp(read(dir / (c.name + ".expected.csv")));
  std::string line;
  std::getline(exp, line);  // header
  while (std::getline(exp, line))
    if (!line.empty()) want.push_back(line);
  std::sort(got.begin(), got.end());
  std::sort(want.begin(), want.end());
  EXPECT_EQ(got, want);
}

INSTANTIATE_TEST_SUITE_P(Claims, RuleCase, ::testing::ValuesIn(all_cases()),
                         [](const ::testing::TestParamInfo<Case>& i) { return i.param.rule + "_" + i.param.name; });

TEST(ClaimsCases, EveryRuleHasPositiveNegativeAndBoundaryCases) {
  for (std::size_t i = 0; i < kRuleCount; ++i) {
    const std::string rule = rule_key(static_cast<RuleId>(i));
    for (const char* kind : {"positive", "negative", "boundary"}) {
      EXPECT_TRUE(fs::exists(cases_dir() / rule / (std::string(kind) + ".csv"))) << rule << "/" << kind;
      EXPECT_TRUE(fs::exists(cases_dir() / rule / (std::string(kind) + ".expected.csv"))) << rule << "/" << kind;
    }
  }
}

}  // namespace
}  // namespace weijian::claims
