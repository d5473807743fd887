#include "claims/batch.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "claims/generator.h"

namespace weijian::claims {
namespace {

namespace fs = std::filesystem;

std::string data(const char* file) {
  fs::path src = std::getenv("WEIJIAN_SOURCE_DIR") ? std::getenv("WEIJIAN_SOURCE_DIR") : "..";
  return (src / "data" / "claims" / file).string();
}

struct Fixture {
  Catalog catalog = Catalog::load(data("catalog.csv")).value();
  RuleBase rules = RuleBase::load(data("rules.json")).value();
};

std::string generated(const Catalog& c, std::int64_t lines, std::uint64_t seed) {
  GeneratorOptions o;
  o.lines = lines;
  o.seed = seed;
  o.violation_rate = 0.2;
  std::string text;
  generate_fee_lines(c, o, [&](std::string_view chunk) { text += chunk; });
  return text;
}

std::vector<std::string> rows(const std::vector<Finding>& fs, const RuleBase& rules) {
  std::vector<std::string> out;
  for (const auto& f : fs) out.push_back(finding_csv_row(f, rules));
  std::sort(out.begin(), out.end());
  return out;
}

TEST(ClaimsBatch, ThreadsAndPartitionsGiveTheSameFindingsAsOneBatch) {
  Fixture fx;
  const std::string text = generated(fx.catalog, 30000, 11);
  const fs::path file = fs::temp_directory_path() / "weijian_claims_batch_test.csv";
  std::ofstream(file, std::ios::binary) << text;
  AuditContext ctx{fx.catalog, fx.rules, nullptr};
  ImportReport report;
  auto lines = parse_fee_csv(text, report);
  ASSERT_TRUE(lines.ok());
  ASSERT_TRUE(report.ok());
  const auto expected = rows(audit_lines(*lines, ctx), fx.rules);
  std::array<std::int64_t, kRuleCount> per_rule{};
  for (unsigned threads : {1u, 2u, 3u}) {
    BatchOptions opt;
    opt.threads = threads;
    auto r = audit_file(file.string(), ctx, opt);
    ASSERT_TRUE(r.ok()) << r.error().detail;
    EXPECT_EQ(r->lines, static_cast<std::int64_t>(lines->size()));
    EXPECT_EQ(rows(r->findings, fx.rules), expected) << threads << " threads";
    per_rule = r->counts;
  }
  // The generator injects every single-encounter and cross-encounter pattern.
  for (RuleId id : {RuleId::sex_limit, RuleId::age_limit, RuleId::provider_level, RuleId::med_type_limit, RuleId::indication,
                    RuleId::supply_days, RuleId::price_cap, RuleId::included_charge, RuleId::daily_frequency,
                    RuleId::duplicate_therapy, RuleId::repeat_dispensing, RuleId::out_of_catalog, RuleId::large_prescription,
                    RuleId::repeat_test, RuleId::outpatient_during_stay, RuleId::overlapping_stay})
    EXPECT_GT(per_rule[static_cast<std::size_t>(id)], 0) << rule_key(id);
  fs::remove(file);
}

TEST(ClaimsBatch, GeneratorIsDeterministic) {
  Fixture fx;
  EXPECT_EQ(generated(fx.catalog, 2000, 5), generated(fx.catalog, 2000, 5));
  EXPECT_NE(generated(fx.catalog, 2000, 5), generated(fx.catalog, 2000, 6));
}

TEST(ClaimsBatch, BadRowsReportedByLineStrictRefuses) {
  Fixture fx;
  std::string text = generated(fx.catalog, 50, 3);
  // Line 4 gets an unknown med_type, line 7 a negative quantity.
  std::vector<std::string> lines;
  std::size_t pos = 0;
  while (pos < text.size()) {
    const std::size_t e = text.find('\n', pos);
    lines.push_back(text.substr(pos, e - pos));
    pos = e + 1;
  }
  auto replace_field = [](std::string& line, int index, const std::string& value) {
    std::size_t start = 0;
    for (int i = 0; i < index; ++i) start = line.find(',', start) + 1;
    const std::size_t end = line.find(',', start);
    line.replace(start, end - start, value);
  };
  replace_field(lines[3], 6, "99");
  replace_field(lines[6], 13, "-1");
  std::string bad;
  for (const auto& l : lines) bad += l + "\n";
  const fs::path file = fs::temp_directory_path() / "weijian_claims_bad_rows.csv";
  std::ofstream(file, std::ios::binary) << bad;
  AuditContext ctx{fx.catalog, fx.rules, nullptr};
  auto r = audit_file(file.string(), ctx, {});
  ASSERT_TRUE(r.ok());
  ASSERT_EQ(r->report.issues.size(), 2u);
  EXPECT_EQ(r->report.issues[0].line, 4);
  EXPECT_EQ(r->report.issues[0].field, "med_type");
  EXPECT_EQ(r->report.issues[1].line, 7);
  EXPECT_EQ(r->report.issues[1].field, "cnt");
  BatchOptions strict;
  strict.strict = true;
  auto refused = audit_file(file.string(), ctx, strict);
  ASSERT_FALSE(refused.ok());
  EXPECT_NE(refused.error().detail.find("第 4 行"), std::string::npos) << refused.error().detail;
  fs::remove(file);
}

}  // namespace
}  // namespace weijian::claims
