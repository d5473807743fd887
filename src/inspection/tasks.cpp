// Tasks and results: the drawn inspectors enter results (with photos), section heads reassign
// and publish; the statistics over them.
#include <algorithm>
#include <set>
#include <unordered_map>

#include "core/clock.h"
#include "inspection/json.h"
#include "inspection/service.h"
#include "inspection/service_internal.h"

namespace weijian::inspection {
namespace {

using detail::not_found;
using detail::record;
using detail::today;
using identity::Principal;
using store::Conn;

Result<TaskQuery> task_query(Conn& c, const identity::Org& org, const registry::Directory& directory, const Principal& p,
                             const TaskFilter& f) {
  TaskQuery q;
  q.scope = p.scope();
  q.q = f.q;
  if (!f.q.empty()) {
    WJ_ASSIGN_OR_RETURN(q.named, directory.institution_ids_named(c, f.q));
  }
  q.plan_id = f.plan_id;
  q.status = f.status;
  q.outcome = f.outcome;
  q.grade = f.grade;
  if (f.jurisdiction_id > 0) {
    WJ_ASSIGN_OR_RETURN(q.under_path, org.jurisdiction_path(c, f.jurisdiction_id));
  }
  if (f.mine) {
    WJ_ASSIGN_OR_RETURN(q.inspectors, directory.inspectors_of_user(c, p.user_id));
  }
  if (f.overdue_only) q.publication_overdue_on = today();
  return q;
}

}  // namespace

Status InspectionService::name_tasks(Conn& c, std::vector<Task>& tasks) {
  if (tasks.empty()) return {};
  std::vector<std::int64_t> ids;
  for (const auto& t : tasks) ids.push_back(t.institution_id);
  std::sort(ids.begin(), ids.end());
  ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
  WJ_ASSIGN_OR_RETURN(auto institutions, directory_.institutions_by_id(c, ids));
  WJ_ASSIGN_OR_RETURN(auto jurisdictions, org_.jurisdictions(c));
  const auto jur = identity::by_id(jurisdictions);
  std::unordered_map<std::int64_t, const registry::InstitutionRecord*> inst;
  for (const auto& i : institutions) inst[i.id] = &i;
  for (auto& t : tasks) {
    auto i = inst.find(t.institution_id);
    if (i == inst.end()) continue;
    t.institution_name = i->second->name;
    t.category = i->second->category;
    t.address = i->second->address;
    if (auto j = jur.find(i->second->jurisdiction_id); j != jur.end()) t.jurisdiction_name = j->second->name;
  }
  return {};
}

Result<Json> InspectionService::list_tasks(const Principal& p, const TaskFilter& f) {
  auto lease = db_.acquire();
  if (!lease.ok()) return lease.error();
  Conn& c = **lease;
  WJ_ASSIGN_OR_RETURN(auto q, task_query(c, org_, directory_, p, f));
  WJ_ASSIGN_OR_RETURN(auto pg, task_store::page(c, q, f.page, f.page_size));
  WJ_TRY(name_tasks(c, pg.items));
  const std::string now = today();
  Json out = store::page_json(pg, [&](const Task& t) { return to_json(t, now); });
  // The page's current inspectors in one query, not one per task.
  if (pg.items.empty()) return out;
  std::vector<std::int64_t> ids;
  for (const auto& t : pg.items) ids.push_back(t.id);
  WJ_ASSIGN_OR_RETURN(auto current, task_store::current_inspectors(c, ids));
  WJ_ASSIGN_OR_RETURN(auto inspectors, directory_.inspectors(c));
  std::unordered_map<std::int64_t, std::string> name_of;
  for (const auto& n : inspectors) name_of[n.id] = n.name;
  std::unordered_map<std::int64_t, std::string> joined;
  for (const auto& ti : current) {
    auto name = name_of.find(ti.inspector_id);
    if (name == name_of.end()) continue;
    std::string& j = joined[ti.task_id];
    j += (j.empty() ? "" : "、") + name->second;
  }
  for (auto& t : out["items"]) t["inspectors"] = joined[t["id"].get<std::int64_t>()];
  return out;
}

Result<Table> InspectionService::export_tasks(const Principal& p, TaskFilter f) {
  auto lease = db_.acquire();
  if (!lease.ok()) return lease.error();
  WJ_ASSIGN_OR_RETURN(auto q, task_query(**lease, org_, directory_, p, f));
  WJ_ASSIGN_OR_RETURN(auto tasks, task_store::all(**lease, q));
  WJ_TRY(name_tasks(**lease, tasks));
  Table t;
  t.header = {"计划", "对象", "统一社会信用代码", "类别", "辖区", "风险等级", "截止日期", "状态", "检查日期", "结果", "发现问题", "移交执法",
               "应公示日期", "公示日期"};
  const std::string now = today();
  for (const auto& task : tasks) {
    const Json j = to_json(task, now);
    t.rows.push_back({j["plan_title"], j["institution_name"], j["target_id"], j["category_label"], j["jurisdiction_name"], j["grade"],
                      j["due_on"], j["status_label"], j["inspected_on"], j["outcome_label"], j["findings"],
                      j["enforcement_lead"].get<bool>() ? "是" : "否", j["publish_due_on"], j["published_on"]});
  }
  return t;
}

Result<Json> InspectionService::get_task(const Principal& p, std::int64_t id) {
  auto lease = db_.acquire();
  if (!lease.ok()) return lease.error();
  Conn& c = **lease;
  WJ_ASSIGN_OR_RETURN(auto task, task_store::find(c, p.scope(), id));
  if (!task) return not_found("抽查任务");
  std::vector<Task> named{*task};
  WJ_TRY(name_tasks(c, named));
  Json out = to_json(named[0], today());
  WJ_ASSIGN_OR_RETURN(auto assignments, task_store::inspectors(c, id));
  WJ_ASSIGN_OR_RETURN(auto inspectors, directory_.inspectors(c));
  WJ_ASSIGN_OR_RETURN(auto departments, org_.departments(c));
  std::unordered_map<std::int64_t, const registry::InspectorRef*> insp;
  for (const auto& n : inspectors) insp[n.id] = &n;
  std::unordered_map<std::int64_t, std::string> dep;
  for (const auto& d : departments) dep[d.id] = d.name;
  out["inspectors"] = Json::array();
  for (const auto& a : assignments) {
    auto n = insp.find(a.inspector_id);
    if (n == insp.end()) continue;
    auto d = dep.find(n->second->department_id);
    if (d == dep.end()) continue;
    out["inspectors"].push_back({{"inspector_id", a.inspector_id}, {"name", n->second->name},  {"cert_no", n->second->cert_no},
                                 {"department_name", d->second},   {"lead", a.slot == 0},      {"source", a.source},
                                 {"assigned_at", a.assigned_at},   {"active", !a.ended_at},    {"ended_at", a.ended_at.value_or("")},
                                 {"end_reason", a.end_reason}});
  }
  WJ_ASSIGN_OR_RETURN(out["items"], plan_items_json(c, task->plan_id));
  WJ_ASSIGN_OR_RETURN(auto photos, task_store::photos(c, id));
  out["photos"] = Json::array();
  for (const auto& ph : photos) out["photos"].push_back(to_json(ph));
  out["can_enter_result"] = can_enter_result(c, p, id);
  return out;
}

bool InspectionService::can_enter_result(Conn& c, const Principal& p, std::int64_t task_id) {
  if (p.role == "admin" || p.role == "section_head") return true;
  auto mine = directory_.inspectors_of_user(c, p.user_id);
  if (!mine.ok()) return false;
  auto assigned = task_store::assigned_to_any(c, task_id, *mine);
  return assigned.ok() && *assigned;
}

Result<Json> InspectionService::submit_result(const Principal& p, std::int64_t id, const Json& body) {
  FieldReader r(body);
  auto outcome = r.one_of("outcome", true, {"no_problem", "problem"});
  auto findings = r.text("findings", false, 4000);
  auto inspected = r.date("inspected_on", true);
  const bool lead = body.contains("enforcement_lead") && body["enforcement_lead"].is_boolean() && body["enforcement_lead"].get<bool>();
  if (outcome && *outcome == "problem" && (!findings || findings->empty())) r.add("findings", "发现问题时须写明问题");
  if (outcome && *outcome == "no_problem" && lead) r.add("enforcement_lead", "未发现问题时不能移交执法");
  if (inspected && *inspected > today_in_shanghai()) r.add("inspected_on", "不能晚于今天");
  WJ_TRY(r.finish());
  Status st = db_.transaction([&](Conn& c) -> Status {
    WJ_ASSIGN_OR_RETURN(auto task, task_store::find(c, p.scope(), id));
    if (!task) return not_found("抽查任务");
    if (!can_enter_result(c, p, id)) return errors::forbidden("只有本任务的执法人员或科室负责人可以录入检查结果。");
    if (task->status == "published") return errors::conflict("结果已公示，不能再修改。");
    if (inspected->to_string() < shanghai_date_of_iso(task->created_at))
      return errors::validation("检查日期不能早于抽取日期。", {{"inspected_on", "早于抽取日期"}});
    auto due = calendar_.add_working_days(*inspected, rules_.publish_within_working_days);
    if (!due.ok()) return due.error();
    WJ_TRY(task_store::submit(c, id, *outcome, findings.value_or(""), lead, inspected->to_string(), p.user_id, utc_now_iso(),
                              due->to_string()));
    return record(c, db_.engine(),
                  p.event(lead ? "inspection.result_lead" : "inspection.result", "inspection_task", std::to_string(id), task->jurisdiction_path,
                          {{"outcome", *outcome}, {"findings", findings.value_or("")}, {"inspected_on", inspected->to_string()},
                           {"enforcement_lead", lead}, {"publish_due_on", due->to_string()}}));
  });
  if (!st.ok()) return st.error();
  return get_task(p, id);
}

Result<Json> InspectionService::add_photo(const Principal& p, std::int64_t task_id, const std::string& file_name,
                                          const std::string& content_type, const std::string& bytes) {
  static const std::set<std::string> kTypes = {"image/jpeg", "image/png", "image/webp"};
  if (!kTypes.count(content_type)) return errors::bad_request("照片格式应为 JPEG、PNG 或 WebP（Content-Type: image/jpeg 等）。");
  if (bytes.empty()) return errors::bad_request("照片内容为空。");
  if (bytes.size() > 5 * 1024 * 1024) return errors::bad_request("单张照片不能超过 5 MB，请压缩后上传。");
  if (file_name.empty() || utf8_length(file_name) > 100) return errors::bad_request("请用 name 参数给出照片文件名（不超过100字）。");
  Json out;
  Status st = db_.transaction([&](Conn& c) -> Status {
    WJ_ASSIGN_OR_RETURN(auto task, task_store::find(c, p.scope(), task_id));
    if (!task) return not_found("抽查任务");
    if (!can_enter_result(c, p, task_id)) return errors::forbidden("只有本任务的执法人员或科室负责人可以上传现场照片。");
    if (task->status == "published") return errors::conflict("结果已公示，不能再添加照片。");
    TaskPhoto photo;
    photo.task_id = task_id;
    photo.file_name = file_name;
    photo.content_type = content_type;
    photo.size = static_cast<std::int64_t>(bytes.size());
    photo.sm3 = crypto::sm3_hex(bytes);
    photo.uploaded_at = utc_now_iso();
    WJ_ASSIGN_OR_RETURN(photo.id, task_store::add_photo(c, photo, bytes, p.user_id));
    out = to_json(photo);
    // The photo's SM3 goes into the hash-chained ledger: any later change to the bytes shows.
    return record(c, db_.engine(), p.event("inspection.photo", "inspection_task", std::to_string(task_id), task->jurisdiction_path, out));
  });
  if (!st.ok()) return st.error();
  return out;
}

Result<InspectionService::Photo> InspectionService::get_photo(const Principal& p, std::int64_t task_id, std::int64_t photo_id) {
  auto lease = db_.acquire();
  if (!lease.ok()) return lease.error();
  WJ_ASSIGN_OR_RETURN(auto task, task_store::find(**lease, p.scope(), task_id));
  if (!task) return not_found("抽查任务");
  WJ_ASSIGN_OR_RETURN(auto photo, task_store::photo_data(**lease, task_id, photo_id));
  if (!photo) return not_found("照片");
  return Photo{photo->content_type, photo->bytes};
}

Result<Json> InspectionService::reassign(const Principal& p, std::int64_t task_id, const Json& body) {
  FieldReader r(body);
  auto from = r.id("from_inspector_id", true);
  auto to = r.id("to_inspector_id", true);
  auto reason = r.text("reason", true, 500);
  if (reason && utf8_length(*reason) < 4) r.add("reason", "请写明更换原因（至少4个字）");
  WJ_TRY(r.finish());
  Status st = db_.transaction([&](Conn& c) -> Status {
    WJ_ASSIGN_OR_RETURN(auto task, task_store::find(c, p.scope(), task_id));
    if (!task) return not_found("抽查任务");
    WJ_ASSIGN_OR_RETURN(auto plan, plan_store::find(c, store::Scope::all(), task->plan_id));
    if (!plan) return not_found("抽查任务");
    if (task->status != "assigned") return errors::conflict("已录入结果的任务不能更换执法人员。");
    WJ_ASSIGN_OR_RETURN(auto cur, task_store::current_assignment(c, task_id, *from));
    if (!cur) return errors::validation("被更换的人员不在本任务中。", {{"from_inspector_id", "不在本任务中"}});
    const std::int64_t slot = cur->slot;
    WJ_ASSIGN_OR_RETURN(auto n, directory_.inspector(c, *to));
    if (!n) return errors::validation("新的执法人员不存在。", {{"to_inspector_id", "不存在"}});
    FieldReader problems(body);
    if (n->status != "active") problems.add("to_inspector_id", "该人员已停用");
    if (n->cert_valid_until < today()) problems.add("to_inspector_id", "该人员执法证已过期");
    if (!store::Scope{false, n->jurisdiction_path}.contains(task->jurisdiction_path)) problems.add("to_inspector_id", "该人员的辖区不包含本对象");
    if (slot == 0 && n->department_id != plan->lead_department_id) problems.add("to_inspector_id", "第一执法人员须为牵头部门持证人员");
    WJ_ASSIGN_OR_RETURN(auto dup, task_store::current_assignment(c, task_id, *to));
    if (dup) problems.add("to_inspector_id", "该人员已在本任务中");
    WJ_ASSIGN_OR_RETURN(auto conflicts, directory_.inspector_conflicts(c));
    for (const auto& k : conflicts)
      if (k.inspector_id == *to && k.institution_id == task->institution_id) {
        problems.add("to_inspector_id", "该人员与对象存在利害关系须回避：" + k.reason);
        break;
      }
    WJ_TRY(problems.finish());
    const std::string now = utc_now_iso();
    WJ_TRY(task_store::end_assignment(c, cur->id, now, *reason));
    WJ_TRY(task_store::assign(c, task_id, *to, slot, "reassign", now));
    return record(c, db_.engine(),
                  p.event("inspection.reassign", "inspection_task", std::to_string(task_id), task->jurisdiction_path,
                          {{"from_inspector_id", *from}, {"to_inspector_id", *to}, {"reason", *reason}}));
  });
  if (!st.ok()) return st.error();
  return get_task(p, task_id);
}

Result<Json> InspectionService::publish(const Principal& p, std::int64_t task_id) {
  Status st = db_.transaction([&](Conn& c) -> Status {
    WJ_ASSIGN_OR_RETURN(auto task, task_store::find(c, p.scope(), task_id));
    if (!task) return not_found("抽查任务");
    if (task->status != "submitted") return errors::conflict(task->status == "published" ? "结果已公示。" : "尚未录入检查结果，不能公示。");
    const std::string on = today();
    WJ_TRY(task_store::publish(c, task_id, on, p.user_id));
    return record(c, db_.engine(),
                  p.event("inspection.publish", "inspection_task", std::to_string(task_id), task->jurisdiction_path,
                          {{"published_on", on}, {"publish_due_on", task->publish_due_on}, {"late", task->publish_due_on < on}}));
  });
  if (!st.ok()) return st.error();
  return get_task(p, task_id);
}

Result<Json> InspectionService::publish_plan(const Principal& p, std::int64_t plan_id) {
  std::int64_t count = 0;
  Status st = db_.transaction([&](Conn& c) -> Status {
    WJ_ASSIGN_OR_RETURN(auto plan, plan_store::find(c, p.scope(), plan_id));
    if (!plan) return not_found("抽查计划");
    // Only the tasks within the caller's scope: a district head publishes the district's results.
    WJ_ASSIGN_OR_RETURN(auto tasks, task_store::ids_of_plan(c, p.scope(), plan_id, "submitted"));
    const std::string on = today();
    for (auto id : tasks) WJ_TRY(task_store::publish(c, id, on, p.user_id));
    count = static_cast<std::int64_t>(tasks.size());
    return record(c, db_.engine(),
                  p.event("inspection.publish_plan", "sampling_plan", std::to_string(plan_id), plan->jurisdiction_path,
                          {{"published", count}, {"published_on", on}}));
  });
  if (!st.ok()) return st.error();
  return Json{{"plan_id", plan_id}, {"published", count}};
}

// ======================= statistics =======================

namespace {
Json stats_json(const TaskStats& s) {
  const std::int64_t total = s.counts.tasks, done = s.counts.done, published = s.counts.published;
  return Json{{"tasks", total},
              {"done", done},
              {"published", published},
              {"published_on_time", s.published_on_time},
              {"problems", s.problems},
              {"completion_rate", total ? static_cast<double>(done) / static_cast<double>(total) : 0.0},
              {"publication_rate", done ? static_cast<double>(published) / static_cast<double>(done) : 0.0}};
}
}  // namespace

Result<Json> InspectionService::stats(const Principal& p, int year) {
  auto lease = db_.acquire();
  if (!lease.ok()) return lease.error();
  Conn& c = **lease;
  const store::Scope scope = p.scope();
  Json out;
  WJ_ASSIGN_OR_RETURN(auto total, task_store::stats(c, scope, year));
  out["total"] = stats_json(total);
  // By grade: drawn against the frozen populations of the same plans.
  WJ_ASSIGN_OR_RETURN(auto by_grade, task_store::stats_by_grade(c, scope, year));
  WJ_ASSIGN_OR_RETURN(auto population, draw_store::drawn_population_by_grade(c, scope, year));
  out["by_grade"] = Json::array();
  for (const auto& [grade, s] : by_grade) {
    Json g = stats_json(s);
    g["grade"] = grade;
    g["population"] = population[grade];
    g["coverage"] = g["population"].get<std::int64_t>() ? g["tasks"].get<double>() / g["population"].get<double>() : 0.0;
    out["by_grade"].push_back(g);
  }
  // By district: the district whose path the task's path starts with.
  WJ_ASSIGN_OR_RETURN(auto jurisdictions, org_.jurisdictions(c));
  std::vector<std::pair<std::string, TaskStats>> districts;
  for (const auto& j : jurisdictions) {
    if (j.level != "district") continue;
    WJ_ASSIGN_OR_RETURN(auto s, task_store::stats(c, scope, year, j.path));
    if (s.counts.tasks > 0) districts.emplace_back(j.name, s);
  }
  std::stable_sort(districts.begin(), districts.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  out["by_district"] = Json::array();
  for (const auto& [name, s] : districts) {
    Json d = stats_json(s);
    d["district"] = name;
    out["by_district"].push_back(d);
  }
  // By item: every item of each task's plan.
  WJ_ASSIGN_OR_RETURN(auto items, task_store::stats_by_item(c, scope, year));
  out["by_item"] = Json::array();
  for (const auto& [code, name, s] : items) {
    Json d = stats_json(s);
    d["code"] = code;
    d["name"] = name;
    out["by_item"].push_back(d);
  }
  WJ_ASSIGN_OR_RETURN(out["publication_overdue"], task_store::count_publication_overdue(c, scope, year, today()));
  // Joint cross-department plans drawn in the year, against the yearly minimum.
  WJ_ASSIGN_OR_RETURN(out["joint_plans"], plan_store::count_joint_drawn(c, scope, year));
  out["joint_plans_required"] = rules_.joint_plans_per_year;
  out["year"] = year;
  return out;
}

}  // namespace weijian::inspection
