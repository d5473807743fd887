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

TEST(ClaimsBatch, SinkTakesTheFindingsInTheSameOrderAndCanStopTheRun) {
  Fixture fx;
  const fs::path file = fs::temp_directory_path() / "weijian_claims_sink_test.csv";
  std::ofstream(file, std::ios::binary) << generated(fx.catalog, 20000, 12);
  AuditContext ctx{fx.catalog, fx.rules, nullptr};
  BatchOptions collect;
  collect.threads = 2;
  auto kept = audit_file(file.string(), ctx, collect);
  ASSERT_TRUE(kept.ok());
  ASSERT_GT(kept->findings.size(), 100u);
  EXPECT_EQ(kept->finding_count, static_cast<std::int64_t>(kept->findings.size()));
  for (unsigned threads : {1u, 3u}) {
    std::vector<Finding> streamed;
    int calls = 0;
    BatchOptions opt;
    opt.threads = threads;
    opt.sink = [&](std::vector<Finding>& v) -> Status {
      ++calls;
      streamed.insert(streamed.end(), v.begin(), v.end());
      return {};
    };
    auto r = audit_file(file.string(), ctx, opt);
    ASSERT_TRUE(r.ok());
    EXPECT_TRUE(r->findings.empty());
    EXPECT_EQ(r->finding_count, kept->finding_count);
    EXPECT_EQ(r->counts, kept->counts);
    EXPECT_GT(calls, 10) << "findings come a partition at a time";
    ASSERT_EQ(streamed.size(), kept->findings.size());
    for (std::size_t i = 0; i < streamed.size(); ++i)
      ASSERT_EQ(finding_csv_row(streamed[i], fx.rules), finding_csv_row(kept->findings[i], fx.rules)) << i;
  }
  // A failing sink (a full disk) stops the run with its error, however many threads wait.
  BatchOptions failing;
  failing.threads = 3;
  int calls = 0;
  failing.sink = [&](std::vector<Finding>&) -> Status {
    if (++calls == 3) return errors::internal("磁盘已满");
    return {};
  };
  auto stopped = audit_file(file.string(), ctx, failing);
  ASSERT_FALSE(stopped.ok());
  EXPECT_EQ(stopped.error().detail, "磁盘已满");
  EXPECT_EQ(calls, 3);
  fs::remove(file);
}

TEST(ClaimsBatch, FindingWriterWritesCsvAndJsonAndLeavesNothingWhenUnfinished) {
  Fixture fx;
  Finding a;
  a.rule = RuleId::price_cap;
  a.psn_no = "P1";
  a.mdtrt_id = "M1";
  a.feedetl_sn = "2";
  a.medins_id = "H1";
  a.amount_fen = 1234;
  a.evidence = "单价超限，含逗号,与\"引号\"";
  Finding b = a;
  b.rule = RuleId::out_of_catalog;
  b.feedetl_sn = "3";
  const fs::path dir = fs::temp_directory_path() / "weijian_finding_writer";
  fs::create_directories(dir);
  const std::string csv = (dir / "f.csv").string(), json = (dir / "f.json").string(), empty = (dir / "e.json").string();
  {
    auto w = FindingWriter::open(csv, fx.rules);
    ASSERT_TRUE(w.ok());
    ASSERT_TRUE(w->write({a}).ok());
    ASSERT_TRUE(w->write({b}).ok());
    EXPECT_FALSE(fs::exists(csv)) << "not in place before finish";
    ASSERT_TRUE(w->finish().ok());
  }
  std::ifstream in(csv, std::ios::binary);
  const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  EXPECT_EQ(text, "\xEF\xBB\xBF" + finding_csv_header() + finding_csv_row(a, fx.rules) + finding_csv_row(b, fx.rules));
  {
    auto w = FindingWriter::open(json, fx.rules);
    ASSERT_TRUE(w.ok());
    ASSERT_TRUE(w->write({a, b}).ok());
    ASSERT_TRUE(w->finish().ok());
    auto e = FindingWriter::open(empty, fx.rules);
    ASSERT_TRUE(e.ok());
    ASSERT_TRUE(e->finish().ok());
  }
  std::ifstream jin(json);
  const Json j = Json::parse(jin);
  ASSERT_EQ(j.size(), 2u);
  EXPECT_EQ(j[0]["amount"], "12.34");
  EXPECT_EQ(j[1]["rule_id"], "out_of_catalog");
  std::ifstream ein(empty);
  EXPECT_EQ(Json::parse(ein), Json::array());
  {
    auto w = FindingWriter::open((dir / "killed.csv").string(), fx.rules);
    ASSERT_TRUE(w.ok());
    ASSERT_TRUE(w->write({a}).ok());
  }  // dropped without finish: a failed run
  EXPECT_FALSE(fs::exists(dir / "killed.csv"));
  EXPECT_FALSE(fs::exists(dir / "killed.csv.partial"));
  EXPECT_FALSE(FindingWriter::open((dir / "no" / "such" / "dir.csv").string(), fx.rules).ok());
  fs::remove_all(dir);
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
