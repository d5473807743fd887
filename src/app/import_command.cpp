// `weijian import practitioners|institutions FILE.csv`: the same all-or-nothing import as
// the API, for files larger than an upload should be, acting as the system.
#include <fstream>
#include <iostream>
#include <sstream>

#include "app/app.h"
#include "app/runtime.h"
#include "registry/importer.h"

namespace weijian::app {

int import_command(const std::vector<std::string>& args) {
  auto specs = store_options();
  specs.push_back({"encoding", "auto", "文件编码：auto、utf-8 或 gb18030 / file encoding"});
  specs.push_back({"report", "", "未通过校验时，把逐行问题报告写入该 CSV 文件 / where to write the report of a rejected file"});
  const std::string usage = Config::usage("import practitioners|institutions 文件.csv",
                                          "导入名录（全部成功或全部不导入；未通过时给出逐行报告）。", specs);
  auto cfg = Config::load(specs, args, Config::process_env());
  if (!cfg.ok()) return fail(cfg.error());
  const auto& pos = cfg->positional();
  if (cfg->help_requested() || pos.size() != 2 || (pos[0] != "practitioners" && pos[0] != "institutions")) {
    std::cout << usage;
    return cfg->help_requested() ? 0 : 2;
  }
  std::ifstream in(pos[1], std::ios::binary);
  if (!in) return fail(errors::bad_request("无法读取文件“" + pos[1] + "”。"));
  std::stringstream ss;
  ss << in.rdbuf();
  const std::string bytes = ss.str();
  auto rt = open_runtime(*cfg, 2);
  if (!rt.ok()) return fail(rt.error());
  const auto sys = identity::Principal::system();
  const auto start = std::chrono::steady_clock::now();
  auto out = pos[0] == "practitioners"
                 ? registry::import_practitioners(*(*rt)->db, (*rt)->registry->rules(), sys, bytes, cfg->str("encoding"))
                 : registry::import_institutions(*(*rt)->db, sys, bytes, cfg->str("encoding"));
  if (!out.ok()) return fail(out.error());
  const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (!out->report.ok()) {
    std::cerr << "文件有 " << out->report.issue_count() << " 处问题，未导入任何数据。\n";
    for (std::size_t i = 0; i < std::min<std::size_t>(out->report.issues.size(), 20); ++i) {
      const auto& is = out->report.issues[i];
      std::cerr << "  第 " << is.line << " 行 " << is.field << "：" << is.reason << "（" << is.value << "）\n";
    }
    if (!cfg->str("report").empty()) {
      std::ofstream(cfg->str("report"), std::ios::binary) << out->report.to_csv();
      std::cerr << "完整报告：" << cfg->str("report") << "\n";
    }
    return 1;
  }
  std::cout << "已导入 " << out->inserted << " 行（" << secs << " 秒，" << static_cast<long long>(out->inserted / std::max(secs, 1e-9))
            << " 行/秒）；文件 SM3 " << out->sm3 << "。\n";
  return 0;
}

}  // namespace weijian::app
