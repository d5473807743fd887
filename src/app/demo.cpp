// `weijian demo`: a deterministic demo city. Its jurisdiction tree (6 districts, 60 towns
// and streets, 300 grid cells) and one account per role, so that every screen has real
// data from the first start. The registry issue adds institutions and practitioners.
#include <iostream>
#include <optional>

#include "app/app.h"
#include "app/demo_claims.h"
#include "app/demo_credit.h"
#include "app/demo_inspection.h"
#include "app/demo_registry.h"
#include "app/runtime.h"

namespace weijian::app {
namespace {

constexpr const char* kDemoPassword = "Weijian@2026";
// Base32; the README lists it so that a person can add it to an authenticator app.
constexpr const char* kDemoAdminTotp = "WEIJIANDEMOADMINTOTPSECRETKEYABC";

const char* const kDistricts[] = {"东城区", "西城区", "南湖区", "北山区", "滨江区", "青川县"};
const char* const kTownStems[] = {"和平", "解放", "人民", "新华", "胜利", "建设", "友谊", "光明", "长青", "望江",
                                  "文昌", "永安", "兴隆", "太平", "安澜", "云溪", "桃源", "石桥", "柳湾", "金沙",
                                  "凤凰", "龙泉", "清河", "白鹭", "松林", "梅岭", "竹园", "荷塘", "枫林", "杏坛",
                                  "东湖", "西岭", "南苑", "北关", "前进", "红星", "朝阳", "晨曦", "翠屏", "锦绣",
                                  "临江", "观澜", "碧水", "青山", "福寿", "康宁", "瑞丰", "嘉禾", "天宁", "双溪",
                                  "古镇", "新桥", "横塘", "花园", "沙湾", "月湖", "星河", "明珠", "富春", "仁和"};
const char* const kSurnames[] = {"王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭"};
const char* const kGiven[] = {"伟", "芳", "娜", "敏", "静", "强", "磊", "军", "洋", "勇", "艳", "杰", "涛", "明", "超", "霞"};

}  // namespace

int demo_command(const std::vector<std::string>& args) {
  if (!args.empty() && args[0] == "claims") return demo_claims_command({args.begin() + 1, args.end()});
  auto specs = store_options();
  const std::string usage = Config::usage("demo", "生成确定性的演示城市：辖区与网格树、每个角色一个账户、机构与人员名录。", specs);
  auto cfg = Config::load(specs, args, Config::process_env());
  if (!cfg.ok()) return fail(cfg.error());
  if (cfg->help_requested()) {
    std::cout << usage;
    return 0;
  }
  auto rt = open_runtime(*cfg, 2);
  if (!rt.ok()) return fail(rt.error());
  auto& db = *(*rt)->db;
  auto& identity = *(*rt)->identity;
  const auto& org = (*rt)->org;
  // Held only for the reads below: the services take their own connections.
  std::optional<store::Lease> lease;
  if (auto l = db.acquire(); l.ok()) lease.emplace(std::move(*l));
  else return fail(l.error());
  auto existing = org.user_count(**lease);
  if (!existing.ok()) return fail(existing.error());
  if (*existing > 0) {
    std::cout << "存储中已有用户，未重复生成演示数据。\n";
    return 0;
  }
  const auto sys = identity::Principal::system();
  auto root_of = org.root(**lease);
  if (!root_of.ok() || !root_of->has_value()) return fail(errors::internal("缺少市级辖区。"));
  const identity::Jurisdiction root = **root_of;
  const std::string city_code = root.code;
  std::vector<std::int64_t> districts, first_towns;
  int stem = 0;
  for (int d = 0; d < 6; ++d) {
    auto dj = identity.create_jurisdiction(sys, {{"parent_id", root.id}, {"code", city_code + "D" + std::to_string(d + 1)},
                                                 {"name", kDistricts[d]}, {"level", "district"}});
    if (!dj.ok()) return fail(dj.error());
    districts.push_back((*dj)["id"]);
    for (int t = 0; t < 10; ++t, ++stem) {
      const std::string code = city_code + "D" + std::to_string(d + 1) + "T" + std::to_string(t + 1);
      const std::string name = std::string(kTownStems[stem]) + (d == 5 ? "镇" : "街道");
      auto tj = identity.create_jurisdiction(sys, {{"parent_id", (*dj)["id"]}, {"code", code}, {"name", name}, {"level", "town"}});
      if (!tj.ok()) return fail(tj.error());
      if (t == 0) first_towns.push_back((*tj)["id"]);
      for (int g = 0; g < 5; ++g) {
        auto gj = identity.create_jurisdiction(sys, {{"parent_id", (*tj)["id"]}, {"code", code + "G" + std::to_string(g + 1)},
                                                     {"name", std::string(kTownStems[stem]) + "第" + std::to_string(g + 1) + "网格"},
                                                     {"level", "grid_cell"}});
        if (!gj.ok()) return fail(gj.error());
      }
    }
  }
  auto dept = [&](const char* code) -> Result<std::int64_t> {
    WJ_ASSIGN_OR_RETURN(auto d, org.department_by_code(**lease, code));
    if (!d) return errors::internal(std::string("演示数据缺少“") + code + "”。");
    return d->id;
  };
  auto health = dept("health"), insurance = dept("healthcare_security"), market = dept("market_regulation");
  if (!health.ok() || !insurance.ok() || !market.ok()) return fail(errors::internal("部门清单不完整。"));
  lease.reset();

  auto admin = identity.create_admin("admin", "系统管理员", kDemoPassword, kDemoAdminTotp);
  if (!admin.ok()) return fail(admin.error());
  struct Account {
    const char* username;
    const char* name;
    const char* role;
    std::int64_t department;
    std::int64_t jurisdiction;
  };
  const std::int64_t city = root.id;
  std::vector<Account> accounts = {
      {"section_head_a", "王建国", "section_head", *health, districts[0]},
      {"section_head_b", "李秀英", "section_head", *health, districts[1]},
      {"inspector_a", "张伟", "inspector", *health, districts[0]},
      {"inspector_b", "刘洋", "inspector", *health, districts[1]},
      {"legal_reviewer", "陈静", "legal_reviewer", *health, city},
      {"insurance_auditor", "赵敏", "insurance_auditor", *insurance, city},
      {"liaison", "孙强", "department_liaison", *market, city},
      {"reporter", "周丽", "institution_reporter", *health, first_towns[0]},
  };
  for (const auto& a : accounts) {
    auto u = identity.create_user(sys, {{"username", a.username}, {"display_name", a.name}, {"role", a.role},
                                        {"department_id", a.department}, {"jurisdiction_id", a.jurisdiction},
                                        {"password", kDemoPassword}});
    if (!u.ok()) return fail(u.error());
  }
  // A few more inspectors per district, so that lists and scopes have substance.
  int n = 0;
  for (std::size_t d = 0; d < districts.size(); ++d) {
    for (int i = 0; i < 3; ++i, ++n) {
      const std::string name = std::string(kSurnames[(n * 7) % 16]) + kGiven[(n * 5 + 3) % 16] + kGiven[(n * 11 + 1) % 16];
      auto u = identity.create_user(sys, {{"username", "insp_d" + std::to_string(d + 1) + "_" + std::to_string(i + 1)},
                                          {"display_name", name}, {"role", "inspector"}, {"department_id", *health},
                                          {"jurisdiction_id", districts[d]}, {"password", kDemoPassword}});
      if (!u.ok()) return fail(u.error());
    }
  }
  auto reg = load_demo_registry(db, 20261122);
  if (!reg.ok()) return fail(reg.error());
  auto insp = load_demo_inspection(db, *(*rt)->inspection, 20261122);
  if (!insp.ok()) return fail(insp.error());
  auto cred = load_demo_credit(db, (*rt)->directory, (*rt)->org, *(*rt)->penalties, *(*rt)->credit);
  if (!cred.ok()) return fail(cred.error());
  auto claims = load_demo_claims(db, cfg->str("data-dir"), 3000, 20261122);
  if (!claims.ok()) return fail(claims.error());
  std::cout << "演示数据已生成：6 个区县、60 个乡镇街道、300 个网格，" << accounts.size() + 1 + n << " 个账户；\n"
            << reg->institutions << " 家医疗卫生机构（" << reg->licenses << " 张执业许可证）、" << reg->practitioners
            << " 名医务人员、" << reg->inspectors << " 名执法人员、" << reg->grid_staff << " 名网格人员；\n"
            << insp->plans << " 个双随机抽查计划、" << insp->tasks << " 个抽查任务（" << insp->results << " 个已录入结果，"
            << insp->published << " 个已公示）；\n"
            << cred->penalties << " 件行政处罚决定、" << cred->points << " 条记分、" << cred->entries << " 条信用名单记录、"
            << cred->restorations << " 件信用修复申请；\n"
            << claims->lines << " 行医保费用明细（审核发现 " << claims->findings << " 条疑点）。\n"
            << "所有演示账户的密码：" << kDemoPassword << "；admin 的双因素密钥：" << kDemoAdminTotp << "\n";
  return 0;
}

}  // namespace weijian::app
