// The draw ceremony: freeze the population and the inspector pool (with risk grades and
// recusals) and commit to a sealed nonce; witnesses enter their inputs; the draw runs once and
// publishes everything needed to re-run it (draw_document.h).
#include <algorithm>
#include <set>
#include <unordered_map>

#include "core/clock.h"
#include "core/csv.h"
#include "inspection/draw_document.h"
#include "inspection/json.h"
#include "inspection/service.h"
#include "inspection/service_internal.h"

namespace weijian::inspection {
namespace {

using detail::months_ago;
using detail::not_found;
using detail::record;
using detail::today;
using identity::Principal;
using store::Conn;

// Loads the frozen inputs of a draw from its snapshot tables.
Result<DrawInputs> load_inputs(Conn& c, std::int64_t plan_id, const Json& params, std::int64_t draw_id, const std::string& commitment) {
  DrawInputs in;
  in.plan_id = std::to_string(plan_id);
  in.ratios_bp = params.at("ratios_bp").get<std::array<int, 4>>();
  in.min_total = params.value("min_total", 0);
  in.max_total = params["max_total"].is_null() ? INT64_MAX : params["max_total"].get<std::int64_t>();
  in.inspectors_per_task = params.value("inspectors_per_task", 2);
  in.commitment = commitment;
  WJ_ASSIGN_OR_RETURN(auto population, draw_store::population(c, draw_id));
  in.population.reserve(population.size());
  for (const auto& t : population) in.population.push_back({t.target_id, t.grade[0], t.weight_milli / 1000.0, t.jurisdiction_path});
  WJ_ASSIGN_OR_RETURN(auto pool, draw_store::pool(c, draw_id));
  for (const auto& m : pool) in.pool.push_back({m.cert_no, m.jurisdiction_path, m.lead, m.prior_load});
  WJ_ASSIGN_OR_RETURN(auto recusals, draw_store::recusals(c, draw_id));
  for (const auto& r : recusals) in.recusals.push_back({r.cert_no, r.target_id, r.reason});
  WJ_ASSIGN_OR_RETURN(auto witnesses, draw_store::witnesses(c, draw_id));
  for (const auto& w : witnesses) in.witness_inputs.push_back(w.input);
  return in;
}

}  // namespace

// ======================= risk =======================

Result<std::unordered_map<std::int64_t, RiskFacts>> InspectionService::risk_facts(Conn& c, const std::string& path_prefix) {
  std::unordered_map<std::int64_t, RiskFacts> facts;
  WJ_ASSIGN_OR_RETURN(auto institutions, directory_.institutions_within(c, path_prefix));
  for (const auto& i : institutions) facts[i.id].category = i.category;
  WJ_ASSIGN_OR_RETURN(auto found, task_store::problem_findings(c, path_prefix, months_ago(rules_.risk.finding_months)));
  for (const auto& [id, n] : found) facts[id].problem_findings = static_cast<int>(n);
  WJ_ASSIGN_OR_RETURN(auto overdue, directory_.validation_overdue(c, path_prefix, today()));
  for (auto id : overdue) facts[id].validation_overdue = true;
  if (extras_) WJ_TRY(extras_(c, facts));
  return facts;
}

Result<Json> InspectionService::risk_of(const Principal& p, std::int64_t institution_id) {
  auto lease = db_.acquire();
  if (!lease.ok()) return lease.error();
  WJ_ASSIGN_OR_RETURN(auto inst, directory_.institution(**lease, institution_id));
  if (!inst || !p.scope().contains(inst->jurisdiction_path)) return not_found("机构");
  auto facts = risk_facts(**lease, inst->jurisdiction_path);
  if (!facts.ok()) return facts.error();
  const RiskGrade g = risk_grade((*facts)[institution_id], rules_.risk);
  return Json{{"institution_id", institution_id}, {"name", inst->name}, {"grade", std::string(1, g.grade)},
              {"points", g.points},                {"reasons", g.reasons}};
}

// ======================= the draw ceremony =======================

Result<Json> InspectionService::freeze(const Principal& p, std::int64_t plan_id) {
  Json out;
  Status st = db_.transaction([&](Conn& c) -> Status {
    WJ_ASSIGN_OR_RETURN(auto plan, find_plan(c, p.scope(), plan_id));
    if (!plan) return not_found("抽查计划");
    if (plan->status != "draft") return errors::conflict("只有草拟状态的计划可以冻结（当前：" + std::string(plan_status_label(plan->status)) + "）。");
    const Json params = Json::parse(plan->params);
    const std::string scope_path = plan->jurisdiction_path;
    const std::int64_t lead_department = plan->lead_department_id;
    // Target categories: the plan's, or every category its items cover.
    WJ_ASSIGN_OR_RETURN(auto items, item_store::of_plan(c, plan_id));
    std::set<std::string> categories, specialties;
    std::vector<std::int64_t> item_ids;
    for (const auto& item : items) {
      item_ids.push_back(item.id);
      for (const auto& cat : split_list(item.target_categories)) categories.insert(cat);
      specialties.insert(item.specialty);
    }
    if (!plan->categories.empty()) {
      categories.clear();
      for (const auto& cat : split_list(plan->categories)) categories.insert(cat);
    }
    // --- targets ---
    auto facts = risk_facts(c, scope_path);
    if (!facts.ok()) return facts.error();
    WJ_ASSIGN_OR_RETURN(auto institutions, directory_.institutions_within(c, scope_path));
    // Exclusion: targets already drawn for one of these items within N months of their grade.
    std::array<std::set<std::int64_t>, 4> recent;
    const auto exclude = params.value("exclude_months", Json::array());
    for (std::size_t g = 0; g < 4 && g < exclude.size(); ++g) {
      if (exclude[g].get<int>() <= 0) continue;
      for (auto item : item_ids) {
        WJ_ASSIGN_OR_RETURN(auto drawn, task_store::institutions_drawn_since(c, item, months_ago(exclude[g].get<int>())));
        recent[g].insert(drawn.begin(), drawn.end());
      }
    }
    struct Target {
      std::int64_t id;
      DrawTarget t;
    };
    std::vector<Target> targets;
    std::int64_t excluded = 0;
    for (const auto& inst : institutions) {
      if (inst.status != "active" || (!plan->ownership.empty() && inst.ownership != plan->ownership)) continue;
      if (!categories.count(inst.category)) continue;
      const char grade = risk_grade((*facts)[inst.id], rules_.risk).grade;
      if (recent[static_cast<std::size_t>(grade - 'A')].count(inst.id)) {
        ++excluded;
        continue;
      }
      targets.push_back({inst.id, {inst.credit_code, grade, 1.0, inst.jurisdiction_path}});
    }
    if (targets.empty())
      return errors::validation("对象库为空：在所选辖区、类别和所有制范围内没有可抽取的对象" +
                                    (excluded ? "（另有 " + std::to_string(excluded) + " 个对象因近期已抽取被排除）" : std::string()) +
                                    "。请调整计划的对象范围。",
                                {{"population", "为空"}});
    // --- inspectors: right department, jurisdiction and specialty, valid certificate ---
    std::set<std::string> departments = {plan->lead_department_code};
    for (const auto& d : split_list(plan->joint_departments)) departments.insert(d);
    WJ_ASSIGN_OR_RETURN(auto all_departments, org_.departments(c));
    std::unordered_map<std::int64_t, std::string> department_code;
    for (const auto& d : all_departments) department_code[d.id] = d.code;
    WJ_ASSIGN_OR_RETURN(auto inspectors, directory_.inspectors(c));
    const std::string valid_on = std::max(today(), plan->period_start);
    WJ_ASSIGN_OR_RETURN(auto loads, task_store::open_loads(c));
    struct Member {
      std::int64_t id;
      std::string department;
      PoolInspector x;
    };
    std::vector<Member> pool;
    for (const auto& n : inspectors) {
      if (n.status != "active" || n.cert_valid_until < valid_on) continue;
      auto code = department_code.find(n.department_id);
      if (code == department_code.end()) continue;
      const std::string& path = n.jurisdiction_path;
      const bool inside = path.rfind(scope_path, 0) == 0 || scope_path.rfind(path, 0) == 0;
      if (!inside || !departments.count(code->second)) continue;
      bool skilled = false;
      for (const auto& s : split_list(n.specialties)) skilled |= specialties.count(s) > 0;
      if (!skilled) continue;
      pool.push_back({n.id, code->second, {n.cert_no, path, n.department_id == lead_department, loads[n.id]}});
    }
    // --- recusals: declared conflicts, and last time's inspectors ---
    std::unordered_map<std::int64_t, const Target*> by_inst;
    for (const auto& t : targets) by_inst[t.id] = &t;
    std::unordered_map<std::int64_t, const Member*> by_insp;
    for (const auto& m : pool) by_insp[m.id] = &m;
    std::vector<Recusal> recusals;
    std::set<std::pair<std::string, std::string>> seen;
    auto recuse = [&](std::int64_t inspector, std::int64_t institution, const char* reason) {
      auto ti = by_inst.find(institution);
      auto mi = by_insp.find(inspector);
      if (ti == by_inst.end() || mi == by_insp.end()) return;
      if (seen.insert({mi->second->x.id, ti->second->t.id}).second) recusals.push_back({mi->second->x.id, ti->second->t.id, reason});
    };
    WJ_ASSIGN_OR_RETURN(auto conflicts, directory_.inspector_conflicts(c));
    for (const auto& k : conflicts) recuse(k.inspector_id, k.institution_id, "conflict");
    if (params.value("avoid_repeat", true)) {
      WJ_ASSIGN_OR_RETURN(auto last, task_store::latest_inspectors(c));
      for (const auto& [inspector, institution] : last) recuse(inspector, institution, "repeat");
    }
    std::vector<PoolInspector> pool_x;
    for (const auto& m : pool) pool_x.push_back(m.x);
    std::vector<AssignTarget> assign_targets;
    for (const auto& t : targets) assign_targets.push_back({t.t.id, t.t.jurisdiction_path});
    const int per_task = params.value("inspectors_per_task", 2);
    WJ_TRY(check_staffing(assign_targets, pool_x, recusal_index(recusals), per_task));

    // --- freeze: snapshot, digests, commitment ---
    std::vector<DrawTarget> population;
    for (const auto& t : targets) population.push_back(t.t);
    const std::string nonce = nonce_source_ ? nonce_source_(plan_id) : crypto::to_hex(crypto::random_bytes(32));
    const std::string now = utc_now_iso();
    Draw draw;
    draw.plan_id = plan_id;
    draw.population_digest = population_digest(population);
    draw.population_size = static_cast<std::int64_t>(population.size());
    draw.pool_digest = pool_digest(pool_x, recusals);
    draw.pool_size = static_cast<std::int64_t>(pool.size());
    draw.commitment = crypto::sm3_hex(nonce);
    draw.sealed_nonce = box_.seal(nonce);
    draw.frozen_at = now;
    WJ_ASSIGN_OR_RETURN(const std::int64_t did, draw_store::insert(c, draw, p.user_id));
    for (const auto& t : targets)
      WJ_TRY(draw_store::add_population(c, did, {t.t.id, t.id, std::string(1, t.t.grade), 1000, t.t.jurisdiction_path}));
    for (const auto& m : pool)
      WJ_TRY(draw_store::add_pool(c, did, {m.id, m.x.id, m.department, m.x.lead, m.x.jurisdiction_path, m.x.prior_load}));
    for (const auto& r : recusals) WJ_TRY(draw_store::add_recusal(c, did, {r.inspector, r.target, r.reason}));
    WJ_TRY(plan_store::set_status(c, plan_id, "frozen", now));
    std::array<std::int64_t, 4> by_grade{};
    for (const auto& t : population) ++by_grade[static_cast<std::size_t>(t.grade - 'A')];
    out = {{"plan_id", plan_id},
           {"population_size", population.size()},
           {"population_by_grade", {{"A", by_grade[0]}, {"B", by_grade[1]}, {"C", by_grade[2]}, {"D", by_grade[3]}}},
           {"excluded_recent", excluded},
           {"population_digest", draw.population_digest},
           {"pool_size", pool.size()},
           {"recusals", recusals.size()},
           {"pool_digest", draw.pool_digest},
           {"commitment", draw.commitment},
           {"frozen_at", now}};
    return record(c, db_.engine(), p.event("inspection.plan_freeze", "sampling_plan", std::to_string(plan_id), scope_path, out));
  });
  if (!st.ok()) return st.error();
  return out;
}

Result<Json> InspectionService::add_witness(const Principal& p, std::int64_t plan_id, const Json& body) {
  FieldReader r(body);
  auto name = r.text("witness_name", true, 50);
  auto input = r.text("input", true, 64);
  WJ_TRY(r.finish());
  Json out;
  Status st = db_.transaction([&](Conn& c) -> Status {
    WJ_ASSIGN_OR_RETURN(auto plan, plan_store::find(c, p.scope(), plan_id));
    if (!plan) return not_found("抽查计划");
    if (plan->status != "frozen") return errors::conflict("只有已冻结、尚未抽取的计划可以录入见证人随机数。");
    const int required = Json::parse(plan->params).value("witnesses_required", 2);
    WJ_ASSIGN_OR_RETURN(auto draw, draw_store::of_plan(c, plan_id));
    if (!draw) return errors::internal("已冻结的计划没有抽取记录。");
    WJ_ASSIGN_OR_RETURN(auto witnesses, draw_store::witnesses(c, draw->id));
    if (static_cast<int>(witnesses.size()) >= required) return errors::conflict("见证人随机数已录满（" + std::to_string(required) + "人），可以抽取。");
    for (const auto& w : witnesses)
      if (w.user_id == p.user_id)
        return errors::conflict("您已作为见证人录入过随机数：每位见证人须使用本人账户各录入一次，任何人不能单独决定种子。");
    const auto seq = static_cast<std::int64_t>(witnesses.size() + 1);
    const std::string now = utc_now_iso();
    WJ_TRY(draw_store::add_witness(c, draw->id, {seq, *name, *input, p.user_id, now}));
    out = {{"plan_id", plan_id}, {"seq", seq}, {"witness_name", *name}, {"input", *input}, {"entered_at", now},
           {"remaining", required - seq}};
    return record(c, db_.engine(), p.event("inspection.witness_input", "sampling_plan", std::to_string(plan_id), plan->jurisdiction_path, out));
  });
  if (!st.ok()) return st.error();
  return out;
}

Result<Json> InspectionService::draw(const Principal& p, std::int64_t plan_id) {
  Json out;
  bool redraw = false;
  std::string redraw_path;
  Status st = db_.transaction([&](Conn& c) -> Status {
    WJ_ASSIGN_OR_RETURN(auto plan, plan_store::find(c, p.scope(), plan_id));
    if (!plan) return not_found("抽查计划");
    if (plan->status == "drawn") {
      redraw = true;
      redraw_path = plan->jurisdiction_path;
      return errors::conflict("该计划已完成抽取，不能重新抽取；本次重新抽取的请求已记录在审计日志中。");
    }
    if (plan->status != "frozen") return errors::conflict("计划须先冻结对象库并录入见证人随机数，才能抽取。");
    const Json params = Json::parse(plan->params);
    WJ_ASSIGN_OR_RETURN(auto d, draw_store::of_plan(c, plan_id));
    if (!d) return errors::internal("已冻结的计划没有抽取记录。");
    const std::int64_t did = d->id;
    auto in = load_inputs(c, plan_id, params, did, d->commitment);
    if (!in.ok()) return in.error();
    const int required = params.value("witnesses_required", 2);
    if (static_cast<int>(in->witness_inputs.size()) < required)
      return errors::conflict("还需要 " + std::to_string(required - static_cast<int>(in->witness_inputs.size())) + " 位见证人录入随机数。");
    auto nonce = box_.open(d->sealed_nonce);
    if (!nonce.ok()) return errors::internal("无法解开冻结时封存的随机数：数据密钥与冻结时不同。");
    in->nonce = *nonce;
    auto outcome = run_draw(*in);
    if (!outcome.ok()) return outcome.error();
    std::unordered_map<std::string, std::int64_t> inst_of, insp_of;
    WJ_ASSIGN_OR_RETURN(auto population, draw_store::population(c, did));
    for (const auto& t : population) inst_of[t.target_id] = t.institution_id;
    WJ_ASSIGN_OR_RETURN(auto pool, draw_store::pool(c, did));
    for (const auto& m : pool) insp_of[m.cert_no] = m.inspector_id;
    std::unordered_map<std::string, std::string> path_of;
    for (const auto& t : in->population) path_of[t.id] = t.jurisdiction_path;
    // Due: the plan's end, or due_working_days working days from today if that is earlier.
    std::string due = plan->period_end;
    auto by_days = calendar_.add_working_days(today_in_shanghai(), params.value("due_working_days", rules_.due_working_days));
    if (by_days.ok() && by_days->to_string() < due) due = by_days->to_string();
    const std::string now = utc_now_iso();
    std::int64_t rank = 0;
    for (const auto& t : outcome->tasks) {
      WJ_ASSIGN_OR_RETURN(const std::int64_t tid,
                          task_store::insert(c, {plan_id, did, inst_of.at(t.target), t.target, std::string(1, t.grade), ++rank,
                                                 path_of.at(t.target), due},
                                             now));
      for (std::size_t k = 0; k < t.inspectors.size(); ++k)
        WJ_TRY(task_store::assign(c, tid, insp_of.at(t.inspectors[k]), static_cast<std::int64_t>(k), "draw", now));
    }
    WJ_TRY(draw_store::mark_drawn(c, did, in->nonce, outcome->seed, outcome->result_digest, now, p.user_id));
    WJ_TRY(plan_store::set_status(c, plan_id, "drawn", now));
    out = {{"plan_id", plan_id},
           {"seed", outcome->seed},
           {"nonce", in->nonce},
           {"result_digest", outcome->result_digest},
           {"tasks", outcome->tasks.size()},
           {"drawn_by_grade", {{"A", outcome->drawn[0]}, {"B", outcome->drawn[1]}, {"C", outcome->drawn[2]}, {"D", outcome->drawn[3]}}},
           {"population_by_grade",
            {{"A", outcome->population[0]}, {"B", outcome->population[1]}, {"C", outcome->population[2]}, {"D", outcome->population[3]}}},
           {"drawn_at", now}};
    return record(c, db_.engine(), p.event("inspection.draw", "sampling_plan", std::to_string(plan_id), plan->jurisdiction_path, out));
  });
  if (redraw) {
    // Refused, and recorded: an attempt to draw again is itself a fact worth keeping.
    Status rec = db_.transaction([&](Conn& c) -> Status {
      return record(c, db_.engine(),
                    p.event("inspection.redraw_refused", "sampling_plan", std::to_string(plan_id), redraw_path, {{"reason", "计划已完成抽取"}}));
    });
    if (!rec.ok()) return rec.error();
  }
  if (!st.ok()) return st.error();
  return out;
}

Result<std::vector<std::int64_t>> InspectionService::drawn_plans(std::optional<std::int64_t> plan_id) {
  auto lease = db_.acquire();
  if (!lease.ok()) return lease.error();
  return draw_store::drawn_plan_ids(**lease, plan_id);
}

Result<Json> InspectionService::draw_document(std::int64_t plan_id) {
  auto lease = db_.acquire();
  if (!lease.ok()) return lease.error();
  Conn& c = **lease;
  WJ_ASSIGN_OR_RETURN(auto found, plan_store::find_public(c, plan_id));
  if (!found) return errors::not_found("找不到该抽查计划的抽取公示：计划不存在，或尚未冻结。");
  std::vector<Plan> named{*found};
  WJ_TRY(name_plans(c, named));
  const Json plan = to_json(named[0]);
  WJ_ASSIGN_OR_RETURN(auto items, item_store::of_plan(c, plan_id));
  Json item_codes = Json::array();
  for (const auto& it : items) item_codes.push_back({{"code", it.code}, {"name", it.name}});
  const Json plan_public = {{"id", plan_id}, {"title", plan["title"]}, {"year", plan["year"]}, {"period_start", plan["period_start"]},
                            {"period_end", plan["period_end"]}, {"lead_department", plan["lead_department_name"]},
                            {"joint_departments", plan["joint_departments"]}, {"scope", plan["scope_jurisdiction_name"]},
                            {"items", item_codes}, {"ratios_percent", plan["ratios_percent"]},
                            {"public_source", plan["public_source"]}, {"status", plan["status"]}};
  WJ_ASSIGN_OR_RETURN(auto d, draw_store::of_plan(c, plan_id));
  if (!d) return errors::internal("已冻结的计划没有抽取记录。");
  auto in = load_inputs(c, plan_id, Json::parse(found->params), d->id, d->commitment);
  if (!in.ok()) return in.error();
  DrawOutcome out;
  out.population_digest = d->population_digest;
  out.pool_digest = d->pool_digest;
  out.seed = d->seed;
  out.result_digest = d->result_digest;
  in->nonce = d->nonce;  // empty until the draw
  // The result as stored (never recomputed here): verification must compare against it.
  WJ_ASSIGN_OR_RETURN(auto assignments, task_store::drawn_assignments(c, plan_id));
  WJ_ASSIGN_OR_RETURN(auto inspectors, directory_.inspectors(c));
  std::unordered_map<std::int64_t, std::string> cert_of;
  for (const auto& n : inspectors) cert_of[n.id] = n.cert_no;
  for (const auto& [target, grade, inspector] : assignments) {
    auto cert = cert_of.find(inspector);
    if (cert == cert_of.end()) continue;
    if (out.tasks.empty() || out.tasks.back().target != target) {
      out.tasks.push_back({target, grade[0], {}});
      ++out.drawn[static_cast<std::size_t>(grade[0] - 'A')];
    }
    out.tasks.back().inspectors.push_back(cert->second);
  }
  Json doc = to_document(*in, out, plan_public);
  if (in->nonce.empty()) {
    doc.erase("nonce");
    doc.erase("seed");
    doc.erase("result");
    doc.erase("result_digest");
  }
  return doc;
}

}  // namespace weijian::inspection
