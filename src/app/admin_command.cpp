// `weijian admin create` bootstraps the first administrator; `weijian admin totp-code`
// prints a user's current one-time code (for operators with access to the key files).
#include <iostream>

#include "app/app.h"
#include "app/runtime.h"
#include "identity/credentials.h"

namespace weijian::app {

int admin_command(const std::vector<std::string>& args) {
  auto specs = store_options();
  specs.push_back({"username", "", "用户名 / user name"});
  specs.push_back({"display-name", "系统管理员", "姓名 / display name"});
  specs.push_back({"password", "", "密码（也可用环境变量 WEIJIAN_PASSWORD 传入，避免留在命令历史中） / password"});
  specs.push_back({"totp-secret", "", "双因素密钥（Base32；不填则自动生成并显示） / TOTP secret, generated if empty"});
  const std::string usage = Config::usage(
      "admin create|totp-code", "create：创建系统管理员（含双因素认证）；totp-code：显示用户当前的动态验证码。", specs);
  auto cfg = Config::load(specs, args, Config::process_env());
  if (!cfg.ok()) return fail(cfg.error());
  if (cfg->help_requested() || cfg->positional().size() != 1) {
    std::cout << usage;
    return cfg->help_requested() ? 0 : 2;
  }
  const std::string sub = cfg->positional()[0];
  if (cfg->str("username").empty()) return fail(errors::bad_request("请用 --username 指定用户名。", {{"username", "必填"}}));
  auto rt = open_runtime(*cfg, 2);
  if (!rt.ok()) return fail(rt.error());
  auto& identity = *(*rt)->identity;
  if (sub == "create") {
    std::string secret = cfg->str("totp-secret");
    const bool generated = secret.empty();
    if (generated) secret = identity::totp::new_secret();
    auto u = identity.create_admin(cfg->str("username"), cfg->str("display-name"), cfg->str("password"), secret);
    if (!u.ok()) return fail(u.error());
    std::cout << "已创建系统管理员 " << (*u)["username"].get<std::string>() << "（编号 " << (*u)["id"] << "）。\n";
    if (generated) {
      std::cout << "请将以下密钥添加到认证器 App（仅显示这一次）：\n  密钥 secret: " << secret
                << "\n  " << identity::totp::otpauth_uri(secret, cfg->str("username")) << "\n";
    }
    return 0;
  }
  if (sub == "totp-code") {
    auto code = identity.current_totp_code(cfg->str("username"));
    if (!code.ok()) return fail(code.error());
    std::cout << *code << "\n";
    return 0;
  }
  std::cerr << usage;
  return 2;
}

}  // namespace weijian::app
