// weijian — the one binary of the Weijian (卫监) platform.
#include <iostream>
#include <string>
#include <vector>

#include "app/app.h"

namespace {

const char* kUsage =
    "卫监 Weijian " WEIJIAN_VERSION " — 医疗卫生行业综合监管平台\n\n"
    "用法 Usage: weijian <命令> [选项]\n\n"
    "命令 Commands:\n"
    "  serve      启动服务（网页界面与 API） / start the server\n"
    "  demo       生成演示城市与演示账户 / load the demo city\n"
    "  admin      create：创建系统管理员；totp-code：显示动态验证码 / administrators\n"
    "  ledger     verify | checkpoint | verify-checkpoint：审计日志完整性 / the process ledger\n"
    "  import     practitioners | institutions 文件.csv：导入名录 / import registry files\n"
    "  draw       verify：用公开输入复现双随机抽取 / verify published draws\n"
    "  audit      --claims 费用明细.csv --out 结果.csv：医保智能审核 / audit medical-insurance claims\n"
    "  version    显示版本 / print the version\n\n"
    "每个命令的选项：weijian <命令> --help\n";

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  if (args.empty() || args[0] == "--help" || args[0] == "-h" || args[0] == "help") {
    std::cout << kUsage;
    return args.empty() ? 2 : 0;
  }
  const std::string command = args[0];
  args.erase(args.begin());
  if (command == "serve") return weijian::app::serve_command(args);
  if (command == "demo") return weijian::app::demo_command(args);
  if (command == "admin") return weijian::app::admin_command(args);
  if (command == "ledger") return weijian::app::ledger_command(args);
  if (command == "import") return weijian::app::import_command(args);
  if (command == "draw") return weijian::app::draw_command(args);
  if (command == "audit") return weijian::app::audit_command(args);
  if (command == "version" || command == "--version") {
    std::cout << "weijian " << WEIJIAN_VERSION << "\n";
    return 0;
  }
  std::cerr << "weijian: 未知命令“" << command << "”。\n\n" << kUsage;
  return 2;
}
