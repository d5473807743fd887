#include "app/demo_inspection.h"

#include "core/clock.h"
#include "core/crypto.h"
#include "core/date.h"
#include "identity/org.h"

namespace weijian::app {
namespace {

Result<identity::Principal> principal_of(store::Db& db, const std::string& username) {
  auto r = db.query("SELECT id, username, display_name, role, department_id, jurisdiction_id, jurisdiction_path FROM users "
                    "WHERE username = $1",
                    {username});
  if (!r.ok()) return r.error();
  if (r->empty()) return errors::internal("演示账户“" + username + "”不存在。");
  identity::Principal p;
  const store::Row u = r->row(0);
  p.user_id = u.integer("id");
  p.username = u.text("username");
  p.display_name = u.text("display_name");
  p.role = u.text("role");
  p.department_id = u.integer("department_id");
  p.jurisdiction_id = u.integer("jurisdiction_id");
  p.jurisdiction_path = u.text("jurisdiction_path");
  return p;
}

Result<std::vector<std::int64_t>> item_ids(inspection::InspectionService& svc, std::initializer_list<const char*> codes) {
  std::vector<std::int64_t> out;
  for (const char* code : codes) {
    inspection::ItemFilter f;
    f.q = code;
    f.page_size = 100;
    auto items = svc.list_items(f);
    if (!items.ok()) return items.error();
    std::int64_t id = 0;
    for (const auto& item : (*items)["items"])
      if (item["code"] == code) id = item["id"].get<std::int64_t>();
    if (!id) return errors::internal(std::string("抽查事项清单缺少“") + code + "”。");
    out.push_back(id);
  }
  return out;
}

// The first jurisdiction (by id) that `pick` accepts.
Result<std::int64_t> first_jurisdiction(store::Db& db, const std::function<bool(const identity::Jurisdiction&)>& pick) {
  auto lease = db.acquire();
  if (!lease.ok()) return lease.error();
  auto all = identity::Org().jurisdictions(**lease);
  if (!all.ok()) return all.error();
  std::int64_t id = 0;
  for (const auto& j : *all)
    if (pick(j) && (!id || j.id < id)) id = j.id;
  if (!id) return errors::internal("演示数据缺少所需的辖区。");
  return id;
}

// The ids of a plan's tasks, in drawn order.
Result<std::vector<std::int64_t>> task_ids(inspection::InspectionService& svc, const identity::Principal& p, std::int64_t plan_id) {
  std::vector<std::int64_t> out;
  inspection::TaskFilter f;
  f.plan_id = plan_id;
  f.page_size = 500;
  for (f.page = 1;; ++f.page) {
    auto page = svc.list_tasks(p, f);
    if (!page.ok()) return page.error();
    for (const auto& t : (*page)["items"]) out.push_back(t["id"].get<std::int64_t>());
    if ((*page)["items"].empty() || static_cast<std::int64_t>(out.size()) >= (*page)["total"].get<std::int64_t>()) return out;
  }
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
                      {users->row(i).text("jurisdiction_path"), users->row(i).integer("department_id"), today_in_shanghai().add_days(365).to_string()});
    if (!n.ok()) return n.error();
    if (n->empty()) continue;
    auto u = db.exec("UPDATE inspectors SET user_id = $1 WHERE id = $2", {users->row(i).integer("id"), n->row(0).integer("id")});
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
  auto city = first_jurisdiction(db, [](const identity::Jurisdiction& j) { return !j.parent_id; });
  if (!city.ok()) return city.error();
  std::int64_t health = 0;
  {
    auto lease = db.acquire();
    if (!lease.ok()) return lease.error();
    auto dep = identity::Org().department_by_code(**lease, "health");
    if (!dep.ok()) return dep.error();
    if (!*dep) return errors::internal("演示数据缺少卫生健康部门。");
    health = (*dep)->id;
  }
  const Date today = today_in_shanghai();
  const int year = today.year();
  const std::string period_end = Date::from_ymd(year, 12, 31).value().to_string();
  const std::string period_start = today.to_string();
  const std::string s = std::to_string(seed);

  // 1. City-wide plan on medical institutions, drawn, half of the results entered.
  auto items1 = item_ids(svc, {"SJ-YL-001", "SJ-YL-002"});
  if (!items1.ok()) return items1.error();
  auto plan1 = svc.create_plan(*admin, {{"title", std::to_string(year) + "年度医疗机构资质与执业行为“双随机”抽查"},
                                        {"year", year}, {"period_start", period_start}, {"period_end", period_end},
                                        {"item_ids", *items1}, {"lead_department_id", health},
                                        {"categories", {"hospital", "primary_care", "health_check", "elderly_care_clinic"}},
                                        {"scope_jurisdiction_id", *city},
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
  auto tasks = task_ids(svc, *admin, p1);
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
    auto r = svc.submit_result(*admin, (*tasks)[i], body);
    if (!r.ok()) return r.error();
    ++counts.results;
    if (i % 4 == 0) {
      auto pub = svc.publish(*admin, (*tasks)[i]);
      if (!pub.ok()) return pub.error();
      ++counts.published;
    }
  }

  // 2. A joint plan (health with market regulation) on clinics in 东城区, drawn.
  auto district = first_jurisdiction(db, [](const identity::Jurisdiction& j) { return j.level == "district"; });
  if (!district.ok()) return district.error();
  auto items2 = item_ids(svc, {"SJ-YL-001", "SJ-CR-006"});
  if (!items2.ok()) return items2.error();
  auto plan2 = svc.create_plan(*head_a, {{"title", std::to_string(year) + "年度东城区诊所联合抽查（卫生健康、市场监管）"},
                                         {"year", year}, {"period_start", period_start}, {"period_end", period_end},
                                         {"item_ids", *items2}, {"lead_department_id", health},
                                         {"joint_departments", {"market_regulation"}}, {"categories", {"clinic"}},
                                         {"scope_jurisdiction_id", *district},
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
  auto items3 = item_ids(svc, {"SJ-CR-001", "SJ-CR-002"});
  if (!items3.ok()) return items3.error();
  auto plan3 = svc.create_plan(*admin, {{"title", std::to_string(year) + "年度传染病防治与医院感染专项抽查"},
                                        {"year", year}, {"period_start", period_start}, {"period_end", period_end},
                                        {"item_ids", *items3}, {"lead_department_id", health},
                                        {"categories", {"hospital", "primary_care"}}, {"scope_jurisdiction_id", *city}});
  if (!plan3.ok()) return plan3.error();
  if (auto f = svc.freeze(*admin, (*plan3)["id"].get<std::int64_t>()); !f.ok()) return f.error();
  auto items4 = item_ids(svc, {"SJ-YL-009"});
  if (!items4.ok()) return items4.error();
  auto plan4 = svc.create_plan(*admin, {{"title", std::to_string(year) + "年度健康体检机构抽查（草拟）"},
                                        {"year", year}, {"period_start", period_start}, {"period_end", period_end},
                                        {"item_ids", *items4}, {"lead_department_id", health},
                                        {"scope_jurisdiction_id", *city}});
  if (!plan4.ok()) return plan4.error();
  counts.plans += 2;
  return counts;
}

}  // namespace weijian::app
