#include "app/runtime.h"

#include <iostream>

#include "core/log.h"
#include "store/migrations.h"

namespace weijian::app {

std::vector<OptionSpec> store_options() {
  return {
      {"config", "", "配置文件路径（每行“名称 = 值”） / config file"},
      {"db", "sqlite:var/weijian.db", "存储地址：sqlite:路径 或 postgresql://用户@主机:端口/库 / store URL"},
      {"data-dir", "data", "规则与目录数据所在目录（节假日、部门清单、安全策略等） / rule and catalogue data"},
      {"key-dir", "var/keys", "密钥目录：SM2 签名私钥与 SM4 数据密钥（权限 0700，勿与数据库一同备份外传） / key files"},
      {"city-code", "330300", "首次启动时创建的市级辖区编码（行政区划代码） / city division code, first start only"},
      {"city-name", "示范市", "首次启动时创建的市级辖区名称 / city name, first start only"},
      {"log-level", "info", "应用日志级别：debug、info、warn、error / log level"},
  };
}

int fail(const Error& e) {
  std::cerr << "weijian: " << e.detail << "\n";
  for (const auto& f : e.errors) std::cerr << "  " << f.field << ": " << f.message << "\n";
  return e.status >= 500 ? 1 : 2;
}

Result<std::unique_ptr<Runtime>> open_runtime(const Config& cfg, std::size_t pool_size) {
  auto level = parse_log_level(cfg.str("log-level"));
  if (!level.ok()) return level.error();
  set_log_level(*level);
  auto rt = std::make_unique<Runtime>();
  const std::string data_dir = cfg.str("data-dir");
  auto calendar = WorkingCalendar::load(data_dir + "/calendar");
  if (!calendar.ok()) return calendar.error();
  rt->calendar.emplace(std::move(calendar.value()));
  auto policy = identity::SecurityPolicy::load(data_dir + "/identity/security_policy.json");
  if (!policy.ok()) return policy.error();
  const std::string key_dir = cfg.str("key-dir");
  WJ_TRY(crypto::ensure_key_dir(key_dir));
  auto box = crypto::SecretBox::load_or_create(key_dir + "/data_sm4.key");
  if (!box.ok()) return box.error();
  auto signer = crypto::Sm2Signer::load_or_create(key_dir + "/ledger_sm2.pem");
  if (!signer.ok()) return signer.error();
  rt->signer.emplace(std::move(signer.value()));

  auto db = store::Db::open(cfg.str("db"), {pool_size, 5000});
  if (!db.ok()) return db.error();
  rt->db = std::move(db.value());
  auto version = store::migrate(*rt->db, store::embedded_migrations());
  if (!version.ok()) return version.error();
  rt->schema_version = *version;
  rt->identity = std::make_unique<identity::IdentityService>(*rt->db, std::move(box.value()), std::move(policy.value()));
  WJ_TRY(rt->identity->seed(data_dir, cfg.str("city-code"), cfg.str("city-name")));
  auto rules = registry::RegistryRules::load(data_dir + "/registry/rules.json");
  if (!rules.ok()) return rules.error();
  rt->registry = std::make_unique<registry::RegistryService>(*rt->db, *rules);
  WJ_TRY(rt->registry->seed(data_dir));
  auto credit_rules = credit::CreditRules::load(data_dir);
  if (!credit_rules.ok()) return credit_rules.error();
  const auto& a = credit_rules->authority;
  rt->penalties = std::make_unique<enforcement::PenaltyRegister>(
      *rt->db, enforcement::PenaltyAuthority{a.name, a.credit_code, a.source_unit, a.source_unit_code});
  rt->credit = std::make_unique<credit::CreditService>(*rt->db, std::move(credit_rules.value()), *rt->calendar, *rt->penalties);
  WJ_TRY(rt->credit->start());
  return rt;
}

}  // namespace weijian::app
