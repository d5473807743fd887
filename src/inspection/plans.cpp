// Sampling plans (抽查计划): drafted, edited until frozen, cancelled before the draw.
#include <set>
#include <unordered_map>

#include "core/clock.h"
#include "core/csv.h"
#include "inspection/json.h"
#include "inspection/service.h"
#include "inspection/service_internal.h"

namespace weijian::inspection {
namespace {

using detail::not_found;
using detail::record;
using identity::Principal;
using store::Conn;

// The plan's parameters, validated; every field error at once.
struct PlanFields {
  std::string title, period_start, period_end, ownership, public_source;
  int year = 0;
  std::vector<std::int64_t> item_ids;
  std::int64_t lead_department_id = 0, scope_jurisdiction_id = 0;
  std::vector<std::string> joint_departments, categories;
  Json params;
};

std::vector<std::int64_t> id_list(const Json& body, const char* name, FieldReader& r) {
  std::vector<std::int64_t> out;
  if (!body.contains(name)) return out;
  const Json& v = body[name];
  if (!v.is_array()) {
    r.add(name, "应为编号数组");
    return out;
  }
  for (const auto& x : v) {
    if (!x.is_number_integer() || x.get<std::int64_t>() <= 0) {
      r.add(name, "应为正整数编号");
      return out;
    }
    out.push_back(x.get<std::int64_t>());
  }
  return out;
}

std::array<int, 4> four_ints(const Json& body, const char* name, std::array<int, 4> fallback, int lo, int hi, FieldReader& r,
                             const char* what) {
  if (!body.contains(name) || body[name].is_null()) return fallback;
  const Json& v = body[name];
  std::array<int, 4> out{};
  if (!v.is_array() || v.size() != 4) {
    r.add(name, std::string("应为 A、B、C、D 四个等级的") + what);
    return fallback;
  }
  for (std::size_t i = 0; i < 4; ++i) {
    if (!v[i].is_number() || v[i].get<double>() < lo || v[i].get<double>() > hi) {
      r.add(name, std::string(what) + "应在 " + std::to_string(lo) + "–" + std::to_string(hi) + " 之间");
      return fallback;
    }
    out[i] = static_cast<int>(v[i].get<double>() * (std::string(what) == "比例（%）" ? 100 : 1) + 0.5);
  }
  return out;
}

Result<PlanFields> read_plan(Conn& c, const identity::Org& org, const Principal& p, const Json& body, const InspectionRules& rules) {
  FieldReader r(body);
  PlanFields f;
  auto title = r.text("title", true, 100);
  auto year = r.integer("year", true, 2000, 2100);
  auto start = r.date("period_start", true);
  auto end = r.date("period_end", true);
  auto lead = r.id("lead_department_id", true);
  auto scope = r.id("scope_jurisdiction_id", true);
  auto ownership = r.one_of("ownership", false, {"", "public", "private"});
  auto public_source = r.text("public_source", false, 200);
  auto min_total = r.integer("min_total", false, 0, 1000000);
  auto max_total = r.integer("max_total", false, 1, 1000000);
  auto per_task = r.integer("inspectors_per_task", false, 2, 10);
  auto witnesses = r.integer("witnesses_required", false, 1, 5);
  f.item_ids = id_list(body, "item_ids", r);
  f.joint_departments = detail::text_list(body, "joint_departments", r);
  f.categories = detail::text_list(body, "categories", r);
  std::array<int, 4> pct_default{};
  for (std::size_t i = 0; i < 4; ++i) pct_default[i] = rules.ratios_percent[i] * 100;
  const auto ratios_bp = four_ints(body, "ratios_percent", pct_default, 0, 100, r, "比例（%）");
  const auto exclude = four_ints(body, "exclude_months", rules.exclude_months, 0, 60, r, "月数");
  if (start && end && *end < *start) r.add("period_end", "不能早于开始日期");
  if (year && start && start->year() != *year) r.add("period_start", "应在计划年度内");
  if (min_total && max_total && *min_total > *max_total) r.add("min_total", "不能大于最多抽取数");
  if (f.item_ids.empty()) r.add("item_ids", "至少选择一个抽查事项");
  bool any_routine = false;
  std::set<std::string> item_categories;
  for (auto id : f.item_ids) {
    WJ_ASSIGN_OR_RETURN(auto item, item_store::find(c, id));
    if (!item) {
      r.add("item_ids", "事项 " + std::to_string(id) + " 不存在");
      continue;
    }
    if (item->status != "active") r.add("item_ids", "事项“" + item->name + "”已停用");
    any_routine |= item->kind == "routine";
    for (const auto& cat : split_list(item->target_categories)) item_categories.insert(cat);
  }
  if (any_routine)
    for (std::size_t g = 0; g < 4; ++g)
      if (ratios_bp[g] > rules.routine_ratio_cap_percent * 100) {
        r.add("ratios_percent", "含一般事项的计划，各等级比例不得超过 " + std::to_string(rules.routine_ratio_cap_percent) +
                                    "%（重点事项不设上限）");
        break;
      }
  for (const auto& cat : f.categories) {
    if (!is_target_category(cat)) r.add("categories", "对象类别“" + cat + "”无效");
    else if (!f.item_ids.empty() && !item_categories.count(cat)) r.add("categories", "所选事项不适用于“" + category_label(cat) + "”");
  }
  if (lead) {
    WJ_ASSIGN_OR_RETURN(auto d, org.department(c, *lead));
    if (!d) r.add("lead_department_id", "部门不存在");
    else
      for (const auto& code : f.joint_departments)
        if (code == d->code) r.add("joint_departments", "牵头部门不必再列为联合部门");
  }
  for (const auto& code : f.joint_departments) {
    WJ_ASSIGN_OR_RETURN(auto d, org.department_by_code(c, code));
    if (!d) r.add("joint_departments", "部门代码“" + code + "”不存在");
  }
  std::string scope_path;
  if (scope) {
    WJ_ASSIGN_OR_RETURN(auto j, org.jurisdiction(c, *scope));
    if (!j || !p.scope().contains(j->path)) r.add("scope_jurisdiction_id", "辖区不存在或不在您的管辖范围内");
    else scope_path = j->path;
  }
  WJ_TRY(r.finish());
  f.title = *title;
  f.year = static_cast<int>(*year);
  f.period_start = start->to_string();
  f.period_end = end->to_string();
  f.lead_department_id = *lead;
  f.scope_jurisdiction_id = *scope;
  f.ownership = ownership.value_or("");
  f.public_source = public_source.value_or("");
  f.params = {{"ratios_bp", ratios_bp},
              {"min_total", min_total.value_or(0)},
              {"max_total", max_total ? Json(*max_total) : Json(nullptr)},
              {"exclude_months", exclude},
              {"inspectors_per_task", per_task.value_or(rules.inspectors_per_task)},
              {"avoid_repeat", body.contains("avoid_repeat") && body["avoid_repeat"].is_boolean() ? body["avoid_repeat"].get<bool>()
                                                                                                   : rules.avoid_repeat},
              {"witnesses_required", witnesses.value_or(rules.witnesses_required)},
              {"public_source", f.public_source},
              {"scope_path", scope_path}};
  return f;
}

// The plan record the fields describe.
Plan plan_of(const PlanFields& f) {
  Plan plan;
  plan.title = f.title;
  plan.year = f.year;
  plan.period_start = f.period_start;
  plan.period_end = f.period_end;
  plan.lead_department_id = f.lead_department_id;
  plan.joint_departments = detail::join_list(f.joint_departments);
  plan.categories = detail::join_list(f.categories);
  plan.ownership = f.ownership;
  plan.scope_jurisdiction_id = f.scope_jurisdiction_id;
  plan.jurisdiction_path = f.params["scope_path"].get<std::string>();
  plan.params = f.params.dump();
  return plan;
}

std::vector<std::int64_t> ids_of(const Json& items) {
  std::vector<std::int64_t> ids;
  for (const auto& t : items) ids.push_back(t["id"].get<std::int64_t>());
  return ids;
}

}  // namespace

Status InspectionService::name_plans(Conn& c, std::vector<Plan>& plans) {
  if (plans.empty()) return {};
  WJ_ASSIGN_OR_RETURN(auto departments, org_.departments(c));
  WJ_ASSIGN_OR_RETURN(auto jurisdictions, org_.jurisdictions(c));
  std::unordered_map<std::int64_t, const identity::Department*> dep;
  for (const auto& d : departments) dep[d.id] = &d;
  const auto jur = identity::by_id(jurisdictions);
  for (auto& p : plans) {
    if (auto it = dep.find(p.lead_department_id); it != dep.end()) {
      p.lead_department_name = it->second->name;
      p.lead_department_code = it->second->code;
    }
    if (auto it = jur.find(p.scope_jurisdiction_id); it != jur.end()) p.scope_jurisdiction_name = it->second->name;
  }
  return {};
}

Result<std::optional<Plan>> InspectionService::find_plan(Conn& c, const store::Scope& scope, std::int64_t id) {
  WJ_ASSIGN_OR_RETURN(auto plan, plan_store::find(c, scope, id));
  if (!plan) return plan;
  std::vector<Plan> named{*plan};
  WJ_TRY(name_plans(c, named));
  return std::optional<Plan>(named[0]);
}

Result<Json> InspectionService::plan_items_json(Conn& c, std::int64_t plan_id) {
  WJ_ASSIGN_OR_RETURN(auto items, item_store::of_plan(c, plan_id));
  WJ_TRY(name_items(c, items));
  Json out = Json::array();
  for (const auto& i : items) out.push_back(to_json(i));
  return out;
}

Status InspectionService::complete_plans(Conn& c, Json& plans, bool with_tasks, bool with_draw) {
  if (plans.empty()) return {};
  const auto ids = ids_of(plans);
  std::unordered_map<std::int64_t, Json*> by_id;
  for (auto& plan : plans) {
    by_id[plan["id"].get<std::int64_t>()] = &plan;
    plan["items"] = Json::array();
    if (with_tasks) plan["tasks"] = plan["tasks_done"] = plan["tasks_published"] = 0;
  }
  WJ_ASSIGN_OR_RETURN(auto departments, org_.departments(c));
  const auto dep = identity::by_code(departments);
  for (auto& plan : plans) {
    Json names = Json::array();
    for (const auto& code : plan["joint_departments"]) {
      auto it = dep.find(code.get<std::string>());
      names.push_back(it == dep.end() ? code.get<std::string>() : it->second->name);
    }
    plan["joint_department_names"] = names;
  }
  WJ_ASSIGN_OR_RETURN(auto items, item_store::of_plans(c, ids));
  for (auto& [item, of] : items) {
    auto it = dep.find(item.department_code);
    item.department_name = it == dep.end() ? item.department_code : it->second->name;
    const Json j = to_json(item);
    for (auto plan_id : of) (*by_id[plan_id])["items"].push_back(j);
  }
  if (with_tasks) {
    WJ_ASSIGN_OR_RETURN(auto counts, plan_store::task_counts(c, ids));
    for (const auto& [plan_id, n] : counts) {
      Json& plan = *by_id[plan_id];
      plan["tasks"] = n.tasks;
      plan["tasks_done"] = n.done;
      plan["tasks_published"] = n.published;
    }
  }
  if (with_draw) {
    WJ_ASSIGN_OR_RETURN(auto draws, draw_store::of_plans(c, ids));
    for (const auto& d : draws)
      (*by_id[d.plan_id])["draw"] = {{"commitment", d.commitment}, {"population_size", d.population_size}, {"seed", d.seed},
                                     {"drawn_at", d.drawn_at}};
  }
  return {};
}

Result<Json> InspectionService::list_plans(const Principal& p, const std::string& q_text, const std::string& status, int year, int page,
                                           int page_size) {
  auto lease = db_.acquire();
  if (!lease.ok()) return lease.error();
  WJ_ASSIGN_OR_RETURN(auto pg, plan_store::page(**lease, p.scope(), {q_text, status, year}, page, page_size));
  WJ_TRY(name_plans(**lease, pg.items));
  Json out = store::page_json(pg, [](const Plan& plan) { return to_json(plan); });
  WJ_TRY(complete_plans(**lease, out["items"], true, false));
  return out;
}

Result<Json> InspectionService::get_plan(const Principal& p, std::int64_t id) {
  auto lease = db_.acquire();
  if (!lease.ok()) return lease.error();
  Conn& c = **lease;
  WJ_ASSIGN_OR_RETURN(auto plan, plan_store::find(c, p.scope(), id));
  if (!plan && !p.jurisdiction_path.empty()) {
    // A city-wide plan is readable by a district's staff once frozen: it is public by then,
    // and its tasks in their district lead to it.
    WJ_ASSIGN_OR_RETURN(plan, plan_store::find_public_above(c, id, p.jurisdiction_path));
  }
  if (!plan) return not_found("抽查计划");
  std::vector<Plan> named{*plan};
  WJ_TRY(name_plans(c, named));
  Json out = to_json(named[0]);
  WJ_ASSIGN_OR_RETURN(auto departments, org_.departments(c));
  const auto dep = identity::by_code(departments);
  Json names = Json::array();
  for (const auto& code : out["joint_departments"]) {
    auto it = dep.find(code.get<std::string>());
    names.push_back(it == dep.end() ? code.get<std::string>() : it->second->name);
  }
  out["joint_department_names"] = names;
  WJ_ASSIGN_OR_RETURN(out["items"], plan_items_json(c, id));
  WJ_ASSIGN_OR_RETURN(auto d, draw_store::of_plan(c, id));
  out["draw"] = nullptr;
  if (d) {
    Json draw = {{"population_digest", d->population_digest}, {"population_size", d->population_size}, {"pool_digest", d->pool_digest},
                 {"pool_size", d->pool_size},                 {"commitment", d->commitment},           {"nonce", d->nonce},
                 {"seed", d->seed},                           {"result_digest", d->result_digest},     {"frozen_at", d->frozen_at},
                 {"drawn_at", d->drawn_at}};
    WJ_ASSIGN_OR_RETURN(auto grades, draw_store::population_by_grade(c, d->id));
    Json by_grade = Json::object();
    for (const auto& [grade, n] : grades) by_grade[grade] = n;
    draw["population_by_grade"] = by_grade;
    WJ_ASSIGN_OR_RETURN(auto witnesses, draw_store::witnesses(c, d->id));
    std::vector<std::int64_t> users;
    for (const auto& w : witnesses) users.push_back(w.user_id);
    WJ_ASSIGN_OR_RETURN(auto user_names, org_.user_names(c, users));
    draw["witnesses"] = Json::array();
    for (const auto& w : witnesses) {
      auto name = user_names.find(w.user_id);
      draw["witnesses"].push_back({{"seq", w.seq}, {"witness_name", w.witness_name}, {"input", w.input}, {"entered_at", w.entered_at},
                                   {"entered_by", name == user_names.end() ? std::string() : name->second}, {"user_id", w.user_id}});
    }
    out["draw"] = draw;
  }
  WJ_ASSIGN_OR_RETURN(auto counts, plan_store::task_counts_by_grade(c, id));
  Json drawn = Json::object();
  TaskCounts total;
  for (const auto& [grade, n] : counts) {
    drawn[grade] = n.tasks;
    total.tasks += n.tasks;
    total.done += n.done;
    total.published += n.published;
  }
  out["drawn_by_grade"] = drawn;
  out["tasks"] = total.tasks;
  out["tasks_done"] = total.done;
  out["tasks_published"] = total.published;
  return out;
}

Result<Json> InspectionService::create_plan(const Principal& p, const Json& body) {
  std::int64_t plan_id = 0;
  Status st = db_.transaction([&](Conn& c) -> Status {
    auto f = read_plan(c, org_, p, body, rules_);
    if (!f.ok()) return f.error();
    Plan plan = plan_of(*f);
    plan.created_by = p.user_id;
    plan.created_at = utc_now_iso();
    WJ_ASSIGN_OR_RETURN(plan_id, plan_store::insert(c, plan, f->item_ids));
    return record(c, db_.engine(), p.event("inspection.plan_create", "sampling_plan", std::to_string(plan_id), plan.jurisdiction_path, body));
  });
  if (!st.ok()) return st.error();
  return get_plan(p, plan_id);
}

Result<Json> InspectionService::update_plan(const Principal& p, std::int64_t id, const Json& body) {
  Status st = db_.transaction([&](Conn& c) -> Status {
    WJ_ASSIGN_OR_RETURN(auto current, find_plan(c, p.scope(), id));
    if (!current) return not_found("抽查计划");
    if (current->status != "draft") return errors::conflict("计划已冻结或已撤销，不能再修改：冻结后的对象范围和比例已公布。");
    const Json before = to_json(*current);
    auto f = read_plan(c, org_, p, body, rules_);
    if (!f.ok()) return f.error();
    Plan plan = plan_of(*f);
    plan.id = id;
    plan.updated_at = utc_now_iso();
    WJ_TRY(plan_store::update(c, plan, f->item_ids));
    return record(c, db_.engine(),
                  p.event("inspection.plan_update", "sampling_plan", std::to_string(id), current->jurisdiction_path,
                          {{"before", before}, {"after", body}}));
  });
  if (!st.ok()) return st.error();
  return get_plan(p, id);
}

Result<Json> InspectionService::cancel_plan(const Principal& p, std::int64_t id, const Json& body) {
  FieldReader r(body);
  auto reason = r.text("reason", true, 500);
  WJ_TRY(r.finish());
  Status st = db_.transaction([&](Conn& c) -> Status {
    WJ_ASSIGN_OR_RETURN(auto plan, plan_store::find(c, p.scope(), id));
    if (!plan) return not_found("抽查计划");
    if (plan->status == "drawn") return errors::conflict("计划已抽取，不能撤销：抽取结果已公布，任务须按结果执行。");
    if (plan->status == "cancelled") return errors::conflict("计划已撤销。");
    WJ_TRY(plan_store::set_status(c, id, "cancelled", utc_now_iso()));
    return record(c, db_.engine(),
                  p.event("inspection.plan_cancel", "sampling_plan", std::to_string(id), plan->jurisdiction_path,
                          {{"reason", *reason}, {"status_before", plan->status}}));
  });
  if (!st.ok()) return st.error();
  return get_plan(p, id);
}

}  // namespace weijian::inspection
