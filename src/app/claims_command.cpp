// `weijian audit --claims FILE.csv --out findings.csv|.json`: batch audit of fee lines.
// `weijian demo claims --lines N --seed S --out FILE.csv`: deterministic test input.
#include <sys/resource.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>

#include "app/app.h"
#include "app/demo_claims.h"
#include "app/runtime.h"
#include "claims/batch.h"
#include "claims/generator.h"

namespace weijian::app {
namespace {

void progress_bar(std::uint64_t done, std::uint64_t total, int phase) {
  const int width = 40;
  const double frac = total ? static_cast<double>(done) / static_cast<double>(total) : 1.0;
  const int fill = static_cast<int>(frac * width);
  std::string bar(static_cast<std::size_t>(fill), '#');
  bar.resize(width, '.');
  std::fprintf(stderr, "\r%s [%s] %3d%%", phase == 0 ? "读取" : "审核", bar.c_str(), static_cast<int>(frac * 100));
  if (done == total) std::fprintf(stderr, "\n");
  std::fflush(stderr);
}

long peak_rss_mb() {
  struct rusage ru {};
  getrusage(RUSAGE_SELF, &ru);
  return ru.ru_maxrss / 1024;  // kilobytes on Linux
}

}  // namespace

int audit_command(const std::vector<std::string>& args) {
  std::vector<OptionSpec> specs = {
      {"claims", "", "费用明细 CSV 文件（国家医保字段名，表头任意顺序） / fee lines"},
      {"out", "", "审核结果文件：.csv 或 .json / findings file"},
      {"data-dir", "data", "数据目录 / data directory"},
      {"catalog", "", "知识库（默认 <data-dir>/claims/catalog.csv） / knowledge base"},
      {"rules", "", "规则库（默认 <data-dir>/claims/rules.json） / rule base"},
      {"db", "", "存储地址：给出时从登记库核对医务人员与机构执业许可（两条登记规则） / store URL for the registry rules"},
      {"registry", "", "登记快照 JSON（替代 --db，用于测试） / registry snapshot file"},
      {"threads", "0", "线程数，0 为每核一个 / threads"},
      {"report", "", "问题行报告 CSV（默认 <out>.errors.csv） / bad rows report"},
      {"strict", "", "严格模式：有任何问题行即拒绝整个文件 / refuse the file on any bad row", true},
  };
  const std::string usage = Config::usage("audit", "批量审核医保费用明细：知识库 + 规则库，全部 21 条规则。", specs);
  auto cfg = Config::load(specs, args, Config::process_env());
  if (!cfg.ok()) return fail(cfg.error());
  if (cfg->help_requested() || cfg->str("claims").empty() || cfg->str("out").empty()) {
    std::cout << usage;
    return cfg->help_requested() ? 0 : 2;
  }
  const auto t0 = std::chrono::steady_clock::now();
  const std::string data = cfg->str("data-dir");
  auto catalog = claims::Catalog::load(cfg->str("catalog").empty() ? data + "/claims/catalog.csv" : cfg->str("catalog"));
  if (!catalog.ok()) return fail(catalog.error());
  auto rules = claims::RuleBase::load(cfg->str("rules").empty() ? data + "/claims/rules.json" : cfg->str("rules"));
  if (!rules.ok()) return fail(rules.error());
  std::optional<claims::RegistrySnapshot> registry;
  if (!cfg->str("registry").empty()) {
    auto r = claims::RegistrySnapshot::load_file(cfg->str("registry"));
    if (!r.ok()) return fail(r.error());
    registry = std::move(r).value();
  } else if (!cfg->str("db").empty()) {
    auto db = store::Db::open(cfg->str("db"));
    if (!db.ok()) return fail(db.error());
    auto r = claims::RegistrySnapshot::load(**db);
    if (!r.ok()) return fail(r.error());
    registry = std::move(r).value();
  }
  auto threads = cfg->integer("threads", 0, 256);
  if (!threads.ok()) return fail(threads.error());
  claims::BatchOptions opt;
  opt.threads = static_cast<unsigned>(*threads);
  opt.strict = cfg->flag("strict");
  if (isatty(STDERR_FILENO)) opt.progress = progress_bar;
  claims::AuditContext ctx{*catalog, *rules, registry ? &*registry : nullptr};
  auto writer = claims::FindingWriter::open(cfg->str("out"), *rules);
  if (!writer.ok()) return fail(writer.error());
  opt.sink = [&](std::vector<claims::Finding>& found) { return writer->write(found); };
  auto result = claims::audit_file(cfg->str("claims"), ctx, opt);
  if (!result.ok()) return fail(result.error());
  if (auto written = writer->finish(); !written.ok()) return fail(written.error());
  const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  if (!result->report.ok()) {
    const std::string report = cfg->str("report").empty() ? cfg->str("out") + ".errors.csv" : cfg->str("report");
    std::ofstream(report, std::ios::binary) << result->report.to_csv();
    std::cerr << "有 " << result->report.issue_count() << " 行未通过校验、未审核（逐行报告：" << report << "）：\n";
    for (std::size_t i = 0; i < std::min<std::size_t>(result->report.issues.size(), 10); ++i) {
      const auto& is = result->report.issues[i];
      std::cerr << "  第 " << is.line << " 行 " << is.field << "：" << is.reason << "（" << is.value << "）\n";
    }
  }
  std::cout << "审核 " << result->lines << " 行费用明细，发现 " << result->finding_count << " 条疑点（" << cfg->str("out") << "）；用时 "
            << secs << " 秒，" << static_cast<long long>(static_cast<double>(result->lines) / std::max(secs, 1e-9)) << " 行/秒，峰值内存 "
            << peak_rss_mb() << " MB。\n";
  if (!registry) std::cout << "未给出 --db 或 --registry：practitioner_unqualified 与 provider_unlicensed 两条登记规则未运行。\n";
  for (std::size_t i = 0; i < claims::kRuleCount; ++i) {
    const auto id = static_cast<claims::RuleId>(i);
    std::cout << "  " << claims::rule_key(id) << "\t" << rules->rule(id).name << "\t" << result->counts[i] << " 条\t"
              << claims::format_yuan(result->amounts_fen[i]) << " 元\n";
  }
  return 0;
}

int demo_claims_command(const std::vector<std::string>& args) {
  std::vector<OptionSpec> specs = {
      {"lines", "100000", "行数 / number of fee lines"},
      {"seed", "1", "随机种子（相同种子生成相同文件） / seed"},
      {"out", "", "输出 CSV 文件 / output file"},
      {"data-dir", "data", "数据目录 / data directory"},
      {"catalog", "", "知识库（默认 <data-dir>/claims/catalog.csv） / knowledge base"},
      {"db", "", "存储地址：给出时机构与医务人员取自登记库（含注销的执业证书与无有效许可的机构），审核时用同一 --db / store URL"},
      {"violation-rate", "0.04", "注入违规的就诊比例（0–1） / share of encounters with an injected violation"},
  };
  const std::string usage = Config::usage("demo claims", "生成确定性的医保费用明细（含注入的各类违规），用于基准测试与演示。", specs);
  auto cfg = Config::load(specs, args, Config::process_env());
  if (!cfg.ok()) return fail(cfg.error());
  if (cfg->help_requested() || cfg->str("out").empty()) {
    std::cout << usage;
    return cfg->help_requested() ? 0 : 2;
  }
  auto lines = cfg->integer("lines", 1, 1'000'000'000);
  auto seed = cfg->integer("seed", 0, INT64_MAX);
  if (!lines.ok()) return fail(lines.error());
  if (!seed.ok()) return fail(seed.error());
  auto catalog = claims::Catalog::load(cfg->str("catalog").empty() ? cfg->str("data-dir") + "/claims/catalog.csv" : cfg->str("catalog"));
  if (!catalog.ok()) return fail(catalog.error());
  std::FILE* f = std::fopen(cfg->str("out").c_str(), "wb");
  if (!f) return fail(errors::bad_request("无法写入“" + cfg->str("out") + "”。"));
  claims::GeneratorOptions o;
  o.lines = *lines;
  o.seed = static_cast<std::uint64_t>(*seed);
  const std::string rate = cfg->str("violation-rate");
  char* rate_end = nullptr;
  o.violation_rate = std::strtod(rate.c_str(), &rate_end);
  if (rate.empty() || *rate_end != '\0' || !(o.violation_rate >= 0 && o.violation_rate <= 1))
    return fail(errors::bad_request("--violation-rate 应为 0 到 1 之间的小数，收到“" + rate + "”。"));
  if (!cfg->str("db").empty()) {
    auto db = store::Db::open(cfg->str("db"));
    if (!db.ok()) return fail(db.error());
    if (auto st = generator_registry(**db, o, 100000); !st.ok()) return fail(st.error());
    if (o.providers.empty()) return fail(errors::bad_request("登记库中没有可用的定点机构（需有医保编码与在册医师或药师）。"));
  }
  const auto n = claims::generate_fee_lines(*catalog, o, [&](std::string_view chunk) { std::fwrite(chunk.data(), 1, chunk.size(), f); });
  if (std::fclose(f) != 0) return fail(errors::internal("写入“" + cfg->str("out") + "”失败。"));
  std::cout << "已生成 " << n << " 行费用明细：" << cfg->str("out") << "\n";
  return 0;
}

}  // namespace weijian::app
