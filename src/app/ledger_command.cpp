// `weijian ledger verify | checkpoint | verify-checkpoint`.
#include <fstream>
#include <iostream>
#include <sstream>

#include "app/app.h"
#include "app/runtime.h"
#include "ledger/ledger.h"

namespace weijian::app {

int ledger_command(const std::vector<std::string>& args) {
  auto specs = store_options();
  specs.push_back({"out", "", "检查点输出文件（默认标准输出） / checkpoint output file"});
  specs.push_back({"public-key", "", "用于核验检查点的 SM2 公钥（PEM 文件） / SM2 public key to check a checkpoint with"});
  const std::string usage = Config::usage(
      "ledger verify|checkpoint|verify-checkpoint FILE",
      "verify：重新计算整条哈希链并指出第一条不符的记录；\ncheckpoint：导出以服务器 SM2 私钥签名的链头检查点；\n"
      "verify-checkpoint：用公钥核验检查点签名，并确认数据库中该序号的记录仍是当时的哈希。",
      specs);
  auto cfg = Config::load(specs, args, Config::process_env());
  if (!cfg.ok()) return fail(cfg.error());
  const auto& pos = cfg->positional();
  if (cfg->help_requested() || pos.empty()) {
    std::cout << usage;
    return cfg->help_requested() ? 0 : 2;
  }
  const std::string sub = pos[0];
  if (sub == "verify-checkpoint") {
    if (pos.size() != 2 || cfg->str("public-key").empty()) {
      std::cerr << "用法：weijian ledger verify-checkpoint 检查点.json --public-key 公钥.pem [--db …]\n";
      return 2;
    }
    auto read = [](const std::string& path) -> std::optional<std::string> {
      std::ifstream in(path);
      if (!in) return std::nullopt;
      std::stringstream ss;
      ss << in.rdbuf();
      return ss.str();
    };
    auto cp_text = read(pos[1]);
    auto pem = read(cfg->str("public-key"));
    if (!cp_text || !pem) return fail(errors::bad_request("无法读取检查点文件或公钥文件。"));
    Json cp = Json::parse(*cp_text, nullptr, false);
    if (!cp.is_object()) return fail(errors::bad_request("检查点文件不是有效的 JSON。"));
    auto ok = ledger::verify_checkpoint(cp, *pem);
    if (!ok.ok()) return fail(ok.error());
    if (!*ok) {
      std::cout << "签名无效：检查点不是由该公钥对应的私钥签发，或内容被改动。\n";
      return 1;
    }
    std::cout << "签名有效：第 " << cp["seq"] << " 条记录的链头哈希为 " << cp["head_hash"].get<std::string>() << "。\n";
    auto rt = open_runtime(*cfg, 1);
    if (!rt.ok()) return fail(rt.error());
    auto lease = (*rt)->db->acquire();
    if (!lease.ok()) return fail(lease.error());
    auto row = ledger::entry(**lease, cp["seq"].get<std::int64_t>());
    if (!row.ok()) return fail(row.error());
    if (cp["seq"].get<std::int64_t>() > 0 && (!row->has_value() || (*row)->hash != cp["head_hash"])) {
      std::cout << "数据库中第 " << cp["seq"] << " 条记录与检查点不一致：签发检查点之后，记录被改写或删除。\n";
      return 1;
    }
    std::cout << "数据库与检查点一致。\n";
    return 0;
  }
  auto rt = open_runtime(*cfg, 2);
  if (!rt.ok()) return fail(rt.error());
  if (sub == "verify") {
    auto v = ledger::verify(*(*rt)->db);
    if (!v.ok()) return fail(v.error());
    std::cout << v->detail << "\n";
    return v->ok ? 0 : 1;
  }
  if (sub == "checkpoint") {
    auto cp = ledger::checkpoint(*(*rt)->db, *(*rt)->signer);
    if (!cp.ok()) return fail(cp.error());
    const std::string text = ledger::checkpoint_json(*cp, *(*rt)->signer).dump(2) + "\n";
    if (cfg->str("out").empty()) {
      std::cout << text;
    } else {
      std::ofstream(cfg->str("out")) << text;
      std::cout << "已导出第 " << cp->seq << " 条记录的检查点到 " << cfg->str("out") << "。\n";
    }
    return 0;
  }
  std::cerr << usage;
  return 2;
}

}  // namespace weijian::app
