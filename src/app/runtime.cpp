#include "app/runtime.h"

#include <iostream>

#include "core/log.h"
#include "inspection/findings.h"
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
  return server_fault(e) ? 1 : 2;
}

namespace {

// Cross-module links, made here so that no module depends on another's internals: an
// inspection finding or a confirmed claim finding can be the source of misconduct points, and a dishonesty list entry
// raises an inspection target's provisional risk grade.
void wire_modules(Runtime& rt) {
  rt.credit->register_source(
      "inspection_finding", "双随机抽查发现的问题",
      [](store::Conn& c, const std::string& ref, const registry::Subject& s) -> Status {
        const std::int64_t task = std::atoll(ref.c_str());
        if (task <= 0 || std::to_string(task) != ref)
          return errors::validation("抽查发现的来源应为抽查任务编号（正整数）。", {{"source_ref", "应为抽查任务编号"}});
        WJ_ASSIGN_OR_RETURN(auto found, inspection::task_finding(c, task));
        if (!found) return errors::validation("抽查任务 " + ref + " 不存在。", {{"source_ref", "抽查任务不存在"}});
        if (found->outcome != "problem")
          return errors::validation("抽查任务 " + ref + " 未录入“发现问题”的结果，不能据以记分。", {{"source_ref", "该任务未发现问题"}});
        if (s.kind != "institution" || found->institution_id != s.id)
          return errors::validation("抽查任务 " + ref + " 的检查对象不是该记分对象。", {{"source_ref", "检查对象不一致"}});
        return {};
      });
  rt.credit->register_source(
      "claim_finding", "医保审核确认的疑点",
      [](store::Conn& c, const std::string& ref, const registry::Subject& s) -> Status {
        const std::int64_t id = std::atoll(ref.c_str());
        if (id <= 0 || std::to_string(id) != ref)
          return errors::validation("医保审核发现的来源应为疑点编号（正整数）。", {{"source_ref", "应为疑点编号"}});
        auto r = c.query("SELECT f.review_status, f.medins_id, f.dr_codg, i.id, p.id FROM claim_findings f "
                         "LEFT JOIN institutions i ON i.medins_code = f.medins_id "
                         "LEFT JOIN practitioners p ON p.practice_cert_no = f.dr_codg WHERE f.id = $1",
                         {id});
        if (!r.ok()) return r.error();
        if (r->empty()) return errors::validation("医保审核疑点 " + ref + " 不存在。", {{"source_ref", "疑点不存在"}});
        if (r->text(0, 0) != "confirmed")
          return errors::validation("医保审核疑点 " + ref + " 尚未经审核确认，不能据以记分。", {{"source_ref", "疑点未确认"}});
        const bool same = s.kind == "institution" ? r->integer(0, 3) == s.id : r->integer(0, 4) == s.id;
        if (!same) return errors::validation("医保审核疑点 " + ref + " 涉及的机构或医师不是该记分对象。", {{"source_ref", "对象不一致"}});
        return {};
      });
  rt.credit->set_inspection_history([](store::Conn& c, const registry::Subject& s) -> Result<Json> {
    Json items = Json::array();
    if (s.kind != "institution") return items;  // double-random targets are institutions
    WJ_ASSIGN_OR_RETURN(auto history, inspection::inspection_history(c, s.id));
    for (const auto& h : history)
      items.push_back({{"task_id", h.task_id}, {"plan_title", h.plan_title}, {"inspected_on", h.inspected_on},
                       {"outcome", h.outcome}, {"outcome_label", h.outcome == "problem" ? "发现问题" : "未发现问题"},
                       {"findings", h.findings}, {"enforcement_lead", h.enforcement_lead},
                       {"published", h.status == "published"}, {"published_on", h.published_on}});
    return items;
  });
  rt.inspection->set_risk_extras([](store::Conn& c, std::unordered_map<std::int64_t, inspection::RiskFacts>& facts) -> Status {
    WJ_ASSIGN_OR_RETURN(auto dishonest, credit::dishonest_institutions(c, today_in_shanghai()));
    for (const std::int64_t id : dishonest)
      if (auto it = facts.find(id); it != facts.end()) it->second.dishonest = true;
    return {};
  });
}

}  // namespace

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
  const crypto::SecretBox data_box = box.value();
  rt->identity = std::make_unique<identity::IdentityService>(*rt->db, std::move(box.value()), std::move(policy.value()));
  WJ_TRY(rt->identity->seed(data_dir, cfg.str("city-code"), cfg.str("city-name")));
  auto rules = registry::RegistryRules::load(data_dir + "/registry/rules.json");
  if (!rules.ok()) return rules.error();
  rt->registry = std::make_unique<registry::RegistryService>(*rt->db, *rules);
  WJ_TRY(rt->registry->seed(data_dir));
  auto inspection_rules = inspection::InspectionRules::load(data_dir + "/inspection/rules.json");
  if (!inspection_rules.ok()) return inspection_rules.error();
  rt->inspection = std::make_unique<inspection::InspectionService>(*rt->db, rt->org, rt->directory, std::move(inspection_rules.value()), *rt->calendar, data_box);
  WJ_TRY(rt->inspection->seed(data_dir));
  auto credit_rules = credit::CreditRules::load(data_dir);
  if (!credit_rules.ok()) return credit_rules.error();
  const auto& a = credit_rules->authority;
  rt->penalties = std::make_unique<enforcement::PenaltyRegister>(
      *rt->db, rt->directory, enforcement::PenaltyAuthority{a.name, a.credit_code, a.source_unit, a.source_unit_code});
  rt->credit = std::make_unique<credit::CreditService>(*rt->db, rt->directory, rt->org, std::move(credit_rules.value()), *rt->calendar,
                                                      *rt->penalties);
  WJ_TRY(rt->credit->start());
  wire_modules(*rt);
  return rt;
}

}  // namespace weijian::app
