// `weijian draw verify`: re-runs published draws (双随机抽取) from their public records and
// confirms the same targets and inspectors. Only the published record is used: a file
// downloaded from the portal, or the records of the draws in a store (--all / --plan N),
// which are exactly what the portal publishes.
#include <fstream>
#include <iostream>
#include <sstream>

#include "app/app.h"
#include "app/runtime.h"
#include "inspection/draw_document.h"

namespace weijian::app {
namespace {

bool print_report(const std::string& title, const inspection::VerifyReport& rep) {
  std::cout << title << "\n";
  for (const auto& line : rep.checks) std::cout << "  " << line << "\n";
  std::cout << (rep.ok ? "  结论：复现一致。\n" : "  结论：不一致！\n");
  return rep.ok;
}

}  // namespace

int draw_command(const std::vector<std::string>& args) {
  auto specs = store_options();
  specs.push_back({"all", "", "核验存储中所有已完成的抽取 / verify every completed draw in the store", true});
  specs.push_back({"plan", "", "核验某个计划的抽取（计划编号） / verify the draw of one plan"});
  const std::string usage = Config::usage(
      "draw verify [抽取公示.json …] [--all | --plan N]",
      "用公开的输入（对象库快照、执法人员库、回避清单、承诺值、随机数、见证人输入）重新抽取，\n"
      "逐条比对公布的抽取结果。文件可从门户网站“双随机抽查”页面下载；--all/--plan 读取存储中的公示记录。",
      specs);
  auto cfg = Config::load(specs, args, Config::process_env());
  if (!cfg.ok()) return fail(cfg.error());
  const auto& pos = cfg->positional();
  if (cfg->help_requested() || pos.empty() || pos[0] != "verify") {
    std::cout << usage;
    return cfg->help_requested() ? 0 : 2;
  }
  bool all_ok = true;
  int verified = 0;
  for (std::size_t i = 1; i < pos.size(); ++i) {
    std::ifstream in(pos[i]);
    if (!in) return fail(errors::bad_request("无法读取文件“" + pos[i] + "”。"));
    std::stringstream ss;
    ss << in.rdbuf();
    const Json doc = Json::parse(ss.str(), nullptr, false);
    if (!doc.is_object()) return fail(errors::bad_request("文件“" + pos[i] + "”不是有效的 JSON。"));
    all_ok &= print_report("文件 " + pos[i] + "：" + doc.value("plan", Json::object()).value("title", ""), inspection::verify_document(doc));
    ++verified;
  }
  if (cfg->flag("all") || !cfg->str("plan").empty()) {
    auto rt = open_runtime(*cfg, 1);
    if (!rt.ok()) return fail(rt.error());
    auto plans = (*rt)->inspection->drawn_plans(cfg->flag("all") ? std::nullopt
                                                                  : std::optional<std::int64_t>(std::atoll(cfg->str("plan").c_str())));
    if (!plans.ok()) return fail(plans.error());
    if (plans->empty() && !cfg->flag("all")) return fail(errors::not_found("计划 " + cfg->str("plan") + " 没有已完成的抽取。"));
    for (const std::int64_t plan_id : *plans) {
      auto doc = (*rt)->inspection->draw_document(plan_id);
      if (!doc.ok()) return fail(doc.error());
      all_ok &= print_report("计划 " + std::to_string(plan_id) + "：" + (*doc)["plan"].value("title", ""),
                             inspection::verify_document(*doc));
      ++verified;
    }
  }
  if (verified == 0) {
    std::cerr << "没有可核验的抽取：请给出抽取公示文件，或使用 --all / --plan N。\n";
    return 2;
  }
  std::cout << "共核验 " << verified << " 次抽取：" << (all_ok ? "全部复现一致。" : "存在不一致！") << "\n";
  return all_ok ? 0 : 1;
}

}  // namespace weijian::app
