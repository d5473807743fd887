#include "app/demo_inspection.h"

#include "core/clock.h"
#include "core/crypto.h"
#include "core/date.h"

namespace weijian::app {
namespace {

Result<identity::Principal> principal_of(store::Db& db, const std::string& username) {
  auto r = db.query("SELECT id, username, display_name, role, department_id, jurisdiction_id, jurisdiction_path FROM users "
                    "WHERE username = $1",
                    {username});
  if (!r.ok()) return r.error();
  if (r->empty()) return errors::internal("演示账户“" + username + "”不存在。");
  identity::Principal p;
  p.user_id = r->integer(0, 0);
  p.username = r->text(0, 1);
  p.display_name = r->text(0, 2);
  p.role = r->text(0, 3);
  p.department_id = r->integer(0, 4);
  p.jurisdiction_id = r->integer(0, 5);
  p.jurisdiction_path = r->text(0, 6);
  return p;
}

Result<std::vector<std::int64_t>> item_ids(store::Db& db, std::initializer_list<const char*> codes) {
  std::vector<std::int64_t> out;
  for (const char* code : codes) {
    auto r = db.query("SELECT id FROM inspection_items WHERE code = $1", {std::string(code)});
    if (!r.ok()) return r.error();
    if (r->empty()) return errors::internal(std::string("抽查事项清单缺少“") + code + "”。");
    out.push_back(r->integer(0, 0));
  }
  return out;
}

}  // namespace

Result<DemoInspectionCounts> load_demo_inspection(store::Db& db, inspection::InspectionService& svc, std::uint64_t seed) {
  DemoInspectionCounts counts;
  // The demo's draws come from its seed, not from chance: the same seed and day, the same city.
  svc.set_nonce_source([seed](std::int64_t plan_id) { return crypto::sm3_hex("weijian-demo-nonce/" + std::to_string(seed) + "/" + std::to_string(plan_id)); });
  struct Restore {
    inspection::InspectionService& svc;
    ~Restore() { svc.set_nonce_source({}); }
  } restore{svc};
  // Each inspector account is the inspector record of the health commission in its district
  // with a valid certificate, so "my tasks" works for them.
  auto users = db.query("SELECT u.id, u.jurisdiction_path, u.department_id FROM users u WHERE u.role = 'inspector' ORDER BY u.id");
  if (!users.ok()) return users.error();
  for (std::size_t i = 0; i < users->size(); ++i) {
    auto n = db.query("SELECT id FROM inspectors WHERE user_id IS NULL AND status = 'active' AND jurisdiction_path = $1 "
                      "AND department_id = $2 AND cert_valid_until >= $3 ORDER BY id LIMIT 1",
                      {users->text(i, 1), users->integer(i, 2), today_in_shanghai().add_days(365).to_string()});
    if (!n.ok()) return n.error();
    if (n->empty()) continue;
    auto u = db.exec("UPDATE inspectors SET user_id = $1 WHERE id = $2", {users->integer(i, 0), n->integer(0, 0)});
    if (!u.ok()) return u.error();
  }
  auto admin = principal_of(db, "admin");
  auto head_a = principal_of(db, "section_head_a");
  auto legal = principal_of(db, "legal_reviewer");
  auto liaison = principal_of(db, "liaison");
  if (!admin.ok()) return admin.error();
  if (!head_a.ok()) return head_a.error();
  if (!legal.ok()) return legal.error();
  if (!liaison.ok()) return liaison.error();
  auto city = db.query("SELECT id FROM jurisdictions WHERE parent_id IS NULL ORDER BY id LIMIT 1");
  if (!city.ok()) return city.error();
  auto health = db.query("SELECT id FROM departments WHERE code = 'health'");
  if (!health.ok()) return health.error();
  const Date today = today_in_shanghai();
  const int year = today.year();
  const std::string period_end = Date::from_ymd(year, 12, 31).value().to_string();
  const std::string period_start = today.to_string();
  const std::string s = std::to_string(seed);

  // 1. City-wide plan on medical institutions, drawn, half of the results entered.
  auto items1 = item_ids(db, {"SJ-YL-001", "SJ-YL-002"});
  if (!items1.ok()) return items1.error();
  auto plan1 = svc.create_plan(*admin, {{"title", std::to_string(year) + "年度医疗机构资质与执业行为“双随机”抽查"},
                                        {"year", year}, {"period_start", period_start}, {"period_end", period_end},
                                        {"item_ids", *items1}, {"lead_department_id", health->integer(0, 0)},
                                        {"categories", {"hospital", "primary_care", "health_check", "elderly_care_clinic"}},
                                        {"scope_jurisdiction_id", city->integer(0, 0)},
                                        {"public_source", "冻结次日中国福利彩票“双色球”开奖号码（由见证人录入）"}});
  if (!plan1.ok()) return plan1.error();
  const std::int64_t p1 = (*plan1)["id"].get<std::int64_t>();
  if (auto f = svc.freeze(*admin, p1); !f.ok()) return f.error();
  if (auto w = svc.add_witness(*legal, p1, {{"witness_name", "陈静（法制审核）"}, {"input", "0315" + s.substr(0, 4)}}); !w.ok()) return w.error();
  if (auto w = svc.add_witness(*liaison, p1, {{"witness_name", "孙强（市场监管）"}, {"input", "2718" + s.substr(s.size() - 4)}}); !w.ok())
    return w.error();
  auto d1 = svc.draw(*admin, p1);
  if (!d1.ok()) return d1.error();
  ++counts.plans;
  counts.tasks += (*d1)["tasks"].get<int>();
  auto tasks = db.query("SELECT id FROM inspection_tasks WHERE plan_id = $1 ORDER BY rank", {p1});
  if (!tasks.ok()) return tasks.error();
  const char* const kFindings[] = {"消毒隔离制度落实不到位，治疗室医疗废物未分类收集。", "部分医师超出注册执业范围开展诊疗活动。",
                                   "未按规定公示医疗服务价格。", "病历书写不规范，知情同意书缺少患者签字。",
                                   "聘用的1名护士执业注册已过期。"};
  for (std::size_t i = 0; i < tasks->size(); ++i) {
    if (i % 2) continue;  // half are still being inspected
    const bool problem = i % 10 == 4 || i % 14 == 0;
    Json body = {{"outcome", problem ? "problem" : "no_problem"}, {"inspected_on", today.to_string()}};
    if (problem) {
      body["findings"] = kFindings[(i / 2) % 5];
      body["enforcement_lead"] = i % 20 == 4;
    }
    auto r = svc.submit_result(*admin, tasks->integer(i, 0), body);
    if (!r.ok()) return r.error();
    ++counts.results;
    if (i % 4 == 0) {
      auto pub = svc.publish(*admin, tasks->integer(i, 0));
      if (!pub.ok()) return pub.error();
      ++counts.published;
    }
  }

  // 2. A joint plan (health with market regulation) on clinics in 东城区, drawn.
  auto district = db.query("SELECT id FROM jurisdictions WHERE level = 'district' ORDER BY id LIMIT 1");
  if (!district.ok()) return district.error();
  auto items2 = item_ids(db, {"SJ-YL-001", "SJ-CR-006"});
  if (!items2.ok()) return items2.error();
  auto plan2 = svc.create_plan(*head_a, {{"title", std::to_string(year) + "年度东城区诊所联合抽查（卫生健康、市场监管）"},
                                         {"year", year}, {"period_start", period_start}, {"period_end", period_end},
                                         {"item_ids", *items2}, {"lead_department_id", health->integer(0, 0)},
                                         {"joint_departments", {"market_regulation"}}, {"categories", {"clinic"}},
                                         {"scope_jurisdiction_id", district->integer(0, 0)},
                                         {"ratios_percent", {5, 10, 30, 50}}, {"min_total", 10}});
  if (!plan2.ok()) return plan2.error();
  const std::int64_t p2 = (*plan2)["id"].get<std::int64_t>();
  if (auto f = svc.freeze(*head_a, p2); !f.ok()) return f.error();
  if (auto w = svc.add_witness(*head_a, p2, {{"witness_name", "王建国（科室负责人）"}, {"input", "8" + s.substr(1, 5)}}); !w.ok()) return w.error();
  if (auto w = svc.add_witness(*liaison, p2, {{"witness_name", "孙强（市场监管）"}, {"input", "51" + s.substr(2, 4)}}); !w.ok()) return w.error();
  auto d2 = svc.draw(*head_a, p2);
  if (!d2.ok()) return d2.error();
  ++counts.plans;
  counts.tasks += (*d2)["tasks"].get<int>();

  // 3. Frozen, waiting for witnesses; 4. a draft.
  auto items3 = item_ids(db, {"SJ-CR-001", "SJ-CR-002"});
  if (!items3.ok()) return items3.error();
  auto plan3 = svc.create_plan(*admin, {{"title", std::to_string(year) + "年度传染病防治与医院感染专项抽查"},
                                        {"year", year}, {"period_start", period_start}, {"period_end", period_end},
                                        {"item_ids", *items3}, {"lead_department_id", health->integer(0, 0)},
                                        {"categories", {"hospital", "primary_care"}}, {"scope_jurisdiction_id", city->integer(0, 0)}});
  if (!plan3.ok()) return plan3.error();
  if (auto f = svc.freeze(*admin, (*plan3)["id"].get<std::int64_t>()); !f.ok()) return f.error();
  auto items4 = item_ids(db, {"SJ-YL-009"});
  if (!items4.ok()) return items4.error();
  auto plan4 = svc.create_plan(*admin, {{"title", std::to_string(year) + "年度健康体检机构抽查（草拟）"},
                                        {"year", year}, {"period_start", period_start}, {"period_end", period_end},
                                        {"item_ids", *items4}, {"lead_department_id", health->integer(0, 0)},
                                        {"scope_jurisdiction_id", city->integer(0, 0)}});
  if (!plan4.ok()) return plan4.error();
  counts.plans += 2;
  return counts;
}

}  // namespace weijian::app
