#include "inspection/service.h"

#include <algorithm>
#include <map>
#include <set>
#include <unordered_map>

#include "core/clock.h"
#include "core/csv.h"
#include "core/fields.h"
#include "core/labels.h"
#include "inspection/draw_document.h"
#include "ledger/ledger.h"
#include "registry/service.h"
#include "store/query.h"

namespace weijian::inspection {
namespace {

using identity::Principal;
using store::Conn;
using store::page_json;
using store::Rows;
using store::Value;

// Target categories beyond the registry's institution categories: items name them so the
// catalogue is complete, although the registry does not hold such targets yet.
constexpr Label kExtraCategories[] = {{"public_place", "公共场所"},     {"water_supply", "供水单位"},
                                      {"school", "学校"},               {"employer", "存在职业病危害的用人单位"},
                                      {"radiation_user", "放射工作单位"}};
constexpr Label kPlanStatuses[] = {{"draft", "草拟"}, {"frozen", "已冻结，待抽取"}, {"drawn", "已抽取"}, {"cancelled", "已撤销"}};
constexpr Label kTaskStatuses[] = {{"assigned", "待检查"}, {"submitted", "已录入结果，待公示"}, {"published", "已公示"}};
constexpr Label kOutcomes[] = {{"no_problem", "未发现问题"}, {"problem", "发现问题"}};

std::string category_label(const std::string& c) {
  const char* reg = registry::category_label(c);
  return reg[0] ? reg : lookup(kExtraCategories, c);
}
bool is_target_category(const std::string& c) { return !category_label(c).empty(); }

std::string join_list(const std::vector<std::string>& v) {
  std::string out;
  for (const auto& s : v) out += (out.empty() ? "" : ";") + s;
  return out;
}

// Appends to the ledger in the caller's transaction.
Status record(Conn& c, store::Engine engine, const ledger::Event& event) {
  auto r = ledger::append(c, engine, event);
  if (!r.ok()) return r.error();
  return {};
}

Error not_found(const char* what) { return errors::not_found(std::string("找不到该") + what + "，或它不在您的管辖范围内。"); }
std::string today() { return today_in_shanghai().to_string(); }
// The date `months` months before today, for "within N months".
std::string months_ago(int months) { return add_months(today_in_shanghai(), -months).to_string(); }

Json item_json(const Rows& r, std::size_t i) {
  Json cats = Json::array();
  for (const auto& c : split_list(r.text(i, 5))) cats.push_back({{"id", c}, {"label", category_label(c)}});
  return {{"id", r.integer(i, 0)},          {"code", r.text(i, 1)},         {"name", r.text(i, 2)},
          {"department_code", r.text(i, 3)}, {"department_name", r.text(i, 10)}, {"legal_basis", r.text(i, 4)},
          {"target_categories", cats},     {"specialty", r.text(i, 6)},    {"kind", r.text(i, 7)},
          {"kind_label", r.text(i, 7) == "key" ? "重点事项" : "一般事项"},
          {"default_ratio_percent", r.integer(i, 8) / 100.0}, {"status", r.text(i, 9)}};
}
constexpr const char* kItemSelect =
    "SELECT t.id, t.code, t.name, t.department_code, t.legal_basis, t.target_categories, t.specialty, t.kind, "
    "t.default_ratio_bp, t.status, coalesce(d.name, t.department_code) FROM inspection_items t "
    "LEFT JOIN departments d ON d.code = t.department_code";

// The plan's parameters, validated; every field error at once.
struct PlanFields {
  std::string title, period_start, period_end, ownership, public_source;
  int year = 0;
  std::vector<std::int64_t> item_ids;
  std::int64_t lead_department_id = 0, scope_jurisdiction_id = 0;
  std::vector<std::string> joint_departments, categories;
  Json params;
};

Result<std::vector<std::int64_t>> id_list(const Json& body, const char* name, FieldReader& r) {
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
std::vector<std::string> text_list(const Json& body, const char* name, FieldReader& r) {
  std::vector<std::string> out;
  if (!body.contains(name) || body[name].is_null()) return out;
  const Json& v = body[name];
  if (!v.is_array()) {
    r.add(name, "应为文本数组");
    return out;
  }
  for (const auto& x : v) {
    if (!x.is_string() || x.get<std::string>().empty() || x.get<std::string>().size() > 64) {
      r.add(name, "每项应为非空文本");
      return {};
    }
    out.push_back(x.get<std::string>());
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

Result<PlanFields> read_plan(Conn& c, const Principal& p, const Json& body, const InspectionRules& rules) {
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
  auto items = id_list(body, "item_ids", r);
  f.item_ids = *items;
  f.joint_departments = text_list(body, "joint_departments", r);
  f.categories = text_list(body, "categories", r);
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
    auto it = c.query("SELECT kind, target_categories, status, name FROM inspection_items WHERE id = $1", {id});
    if (!it.ok()) return it.error();
    if (it->empty()) {
      r.add("item_ids", "事项 " + std::to_string(id) + " 不存在");
      continue;
    }
    if (it->text(0, 2) != "active") r.add("item_ids", "事项“" + it->text(0, 3) + "”已停用");
    any_routine |= it->text(0, 0) == "routine";
    for (const auto& cat : split_list(it->text(0, 1))) item_categories.insert(cat);
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
    auto d = c.query("SELECT code FROM departments WHERE id = $1", {*lead});
    if (!d.ok()) return d.error();
    if (d->empty()) r.add("lead_department_id", "部门不存在");
    else
      for (const auto& code : f.joint_departments)
        if (code == d->text(0, 0)) r.add("joint_departments", "牵头部门不必再列为联合部门");
  }
  for (const auto& code : f.joint_departments) {
    auto d = c.query("SELECT 1 FROM departments WHERE code = $1", {code});
    if (!d.ok()) return d.error();
    if (d->empty()) r.add("joint_departments", "部门代码“" + code + "”不存在");
  }
  std::string scope_path;
  if (scope) {
    auto j = c.query("SELECT path FROM jurisdictions WHERE id = $1", {*scope});
    if (!j.ok()) return j.error();
    if (j->empty() || !p.scope().contains(j->text(0, 0))) r.add("scope_jurisdiction_id", "辖区不存在或不在您的管辖范围内");
    else scope_path = j->text(0, 0);
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

constexpr const char* kPlanSelect =
    "SELECT p.id, p.title, p.year, p.period_start, p.period_end, p.lead_department_id, d.name, d.code, p.joint_departments, "
    "p.categories, p.ownership, p.scope_jurisdiction_id, j.name, p.params, p.status, p.created_at, p.updated_at, "
    "p.jurisdiction_path FROM sampling_plans p JOIN departments d ON d.id = p.lead_department_id "
    "JOIN jurisdictions j ON j.id = p.scope_jurisdiction_id";

Json plan_json(const Rows& r, std::size_t i) {
  Json cats = Json::array();
  for (const auto& c : split_list(r.text(i, 9))) cats.push_back({{"id", c}, {"label", category_label(c)}});
  Json params = Json::parse(r.text(i, 13), nullptr, false);
  Json ratios = Json::array();
  for (const auto& bp : params.value("ratios_bp", Json::array())) ratios.push_back(bp.get<int>() / 100.0);
  return {{"id", r.integer(i, 0)},
          {"title", r.text(i, 1)},
          {"year", r.integer(i, 2)},
          {"period_start", r.text(i, 3)},
          {"period_end", r.text(i, 4)},
          {"lead_department_id", r.integer(i, 5)},
          {"lead_department_name", r.text(i, 6)},
          {"lead_department_code", r.text(i, 7)},
          {"joint_departments", split_list(r.text(i, 8))},
          {"categories", cats},
          {"ownership", r.text(i, 10)},
          {"scope_jurisdiction_id", r.integer(i, 11)},
          {"scope_jurisdiction_name", r.text(i, 12)},
          {"ratios_percent", ratios},
          {"min_total", params.value("min_total", 0)},
          {"max_total", params.value("max_total", Json(nullptr))},
          {"exclude_months", params.value("exclude_months", Json::array())},
          {"inspectors_per_task", params.value("inspectors_per_task", 2)},
          {"avoid_repeat", params.value("avoid_repeat", true)},
          {"witnesses_required", params.value("witnesses_required", 2)},
          {"public_source", params.value("public_source", "")},
          {"status", r.text(i, 14)},
          {"status_label", lookup(kPlanStatuses, r.text(i, 14))},
          {"created_at", r.text(i, 15)},
          {"updated_at", r.text(i, 16)}};
}

// Names for the joint departments' codes (the portal cannot look departments up itself).
Status name_joint_departments(Conn& c, Json& plan) {
  Json names = Json::array();
  for (const auto& code : plan["joint_departments"]) {
    auto d = c.query("SELECT name FROM departments WHERE code = $1", {code.get<std::string>()});
    if (!d.ok()) return d.error();
    names.push_back(d->empty() ? code.get<std::string>() : d->text(0, 0));
  }
  plan["joint_department_names"] = names;
  return {};
}

Result<Json> plan_items_json(Conn& c, std::int64_t plan_id) {
  auto rows = c.query(std::string(kItemSelect) + " JOIN plan_items pi ON pi.item_id = t.id WHERE pi.plan_id = $1 ORDER BY t.code",
                      {plan_id});
  if (!rows.ok()) return rows.error();
  Json items = Json::array();
  for (std::size_t i = 0; i < rows->size(); ++i) items.push_back(item_json(*rows, i));
  return items;
}

// The ids of a page of rows as query parameters, and their "$1, $2 …" list for an IN (…).
std::string page_ids(const Json& items, store::Params& ids) {
  std::string in;
  for (const auto& t : items) {
    ids.emplace_back(std::in_place_type<std::int64_t>, t["id"].get<std::int64_t>());
    in += (in.empty() ? "$" : ", $") + std::to_string(ids.size());
  }
  return in;
}

// Completes a page of plans in a few queries, not a few per plan: joint department names,
// items in code order, and optionally task counts and the draw.
Status complete_plans(Conn& c, Json& plans, bool with_tasks, bool with_draw) {
  if (plans.empty()) return {};
  store::Params ids;
  const std::string in = page_ids(plans, ids);
  std::unordered_map<std::int64_t, Json*> by_id;
  for (auto& plan : plans) {
    by_id[plan["id"].get<std::int64_t>()] = &plan;
    plan["items"] = Json::array();
    if (with_tasks) plan["tasks"] = plan["tasks_done"] = plan["tasks_published"] = 0;
  }
  auto deps = c.query("SELECT code, name FROM departments");
  if (!deps.ok()) return deps.error();
  std::unordered_map<std::string, std::string> dep_names;
  for (std::size_t i = 0; i < deps->size(); ++i) dep_names[deps->text(i, 0)] = deps->text(i, 1);
  for (auto& plan : plans) {
    Json names = Json::array();
    for (const auto& code : plan["joint_departments"]) {
      auto it = dep_names.find(code.get<std::string>());
      names.push_back(it == dep_names.end() ? code.get<std::string>() : it->second);
    }
    plan["joint_department_names"] = names;
  }
  auto links = c.query("SELECT item_id, plan_id FROM plan_items WHERE plan_id IN (" + in + ")", ids);
  if (!links.ok()) return links.error();
  std::unordered_multimap<std::int64_t, std::int64_t> plans_of;
  for (std::size_t i = 0; i < links->size(); ++i) plans_of.emplace(links->integer(i, 0), links->integer(i, 1));
  auto items = c.query(std::string(kItemSelect) + " WHERE t.id IN (SELECT item_id FROM plan_items WHERE plan_id IN (" + in + ")) ORDER BY t.code", ids);
  if (!items.ok()) return items.error();
  for (std::size_t i = 0; i < items->size(); ++i) {
    const Json item = item_json(*items, i);
    auto [from, to] = plans_of.equal_range(items->integer(i, 0));
    for (auto it = from; it != to; ++it) (*by_id[it->second])["items"].push_back(item);
  }
  if (with_tasks) {
    auto counts = c.query(
        "SELECT plan_id, count(*), sum(CASE WHEN status <> 'assigned' THEN 1 ELSE 0 END), sum(CASE WHEN status = 'published' THEN 1 ELSE 0 END) "
        "FROM inspection_tasks WHERE plan_id IN (" + in + ") GROUP BY plan_id",
        ids);
    if (!counts.ok()) return counts.error();
    for (std::size_t i = 0; i < counts->size(); ++i) {
      Json& plan = *by_id[counts->integer(i, 0)];
      plan["tasks"] = counts->integer(i, 1);
      plan["tasks_done"] = counts->integer(i, 2);
      plan["tasks_published"] = counts->integer(i, 3);
    }
  }
  if (with_draw) {
    auto d = c.query("SELECT plan_id, commitment, population_size, seed, drawn_at FROM draws WHERE plan_id IN (" + in + ")", ids);
    if (!d.ok()) return d.error();
    for (std::size_t i = 0; i < d->size(); ++i)
      (*by_id[d->integer(i, 0)])["draw"] = {{"commitment", d->text(i, 1)}, {"population_size", d->integer(i, 2)}, {"seed", d->text(i, 3)},
                                            {"drawn_at", d->text(i, 4)}};
  }
  return {};
}

// Loads the frozen inputs of a draw from its snapshot tables.
Result<DrawInputs> load_inputs(Conn& c, std::int64_t plan_id, const Json& params, std::int64_t draw_id, const std::string& commitment) {
  DrawInputs in;
  in.plan_id = std::to_string(plan_id);
  in.ratios_bp = params.at("ratios_bp").get<std::array<int, 4>>();
  in.min_total = params.value("min_total", 0);
  in.max_total = params["max_total"].is_null() ? INT64_MAX : params["max_total"].get<std::int64_t>();
  in.inspectors_per_task = params.value("inspectors_per_task", 2);
  in.commitment = commitment;
  auto pop = c.query("SELECT target_id, grade, weight_milli, jurisdiction_path FROM draw_population WHERE draw_id = $1 ORDER BY target_id",
                     {draw_id});
  if (!pop.ok()) return pop.error();
  in.population.reserve(pop->size());
  for (std::size_t i = 0; i < pop->size(); ++i)
    in.population.push_back({pop->text(i, 0), pop->text(i, 1)[0], pop->integer(i, 2) / 1000.0, pop->text(i, 3)});
  auto pool = c.query("SELECT cert_no, jurisdiction_path, lead, prior_load FROM draw_pool WHERE draw_id = $1 ORDER BY cert_no", {draw_id});
  if (!pool.ok()) return pool.error();
  for (std::size_t i = 0; i < pool->size(); ++i)
    in.pool.push_back({pool->text(i, 0), pool->text(i, 1), pool->integer(i, 2) != 0, pool->integer(i, 3)});
  auto rec = c.query("SELECT cert_no, target_id, reason FROM draw_recusals WHERE draw_id = $1 ORDER BY cert_no, target_id", {draw_id});
  if (!rec.ok()) return rec.error();
  for (std::size_t i = 0; i < rec->size(); ++i) in.recusals.push_back({rec->text(i, 0), rec->text(i, 1), rec->text(i, 2)});
  auto wit = c.query("SELECT input FROM draw_witnesses WHERE draw_id = $1 ORDER BY seq", {draw_id});
  if (!wit.ok()) return wit.error();
  for (std::size_t i = 0; i < wit->size(); ++i) in.witness_inputs.push_back(wit->text(i, 0));
  return in;
}

}  // namespace

// ======================= catalogue =======================

Status InspectionService::seed(const std::string& data_dir) {
  auto existing = db_.query("SELECT count(*) FROM inspection_items");
  if (!existing.ok()) return existing.error();
  if (existing->integer(0, 0) > 0) return {};
  auto rows = read_data_file(data_dir + "/inspection/items.csv",
                             {{"code"}, {"name"}, {"department_code"}, {"legal_basis"}, {"target_categories"}, {"specialty"}, {"kind"},
                              {"default_ratio_percent"}});
  if (!rows.ok()) return rows.error();
  const std::string now = utc_now_iso();
  return db_.transaction([&](Conn& c) -> Status {
    for (const auto& row : *rows) {
      const std::string& kind = row[6];
      const double pct = std::atof(row[7].c_str());
      if ((kind != "routine" && kind != "key") || pct < 0 || pct > 100)
        return errors::unavailable("抽查事项清单 data/inspection/items.csv 中“" + row[0] + "”的 kind 或 default_ratio_percent 无效。");
      for (const auto& cat : split_list(row[4]))
        if (!is_target_category(cat))
          return errors::unavailable("抽查事项清单 data/inspection/items.csv 中“" + row[0] + "”的对象类别“" + cat + "”无效。");
      WJ_TRY(c.exec("INSERT INTO inspection_items (code, name, department_code, legal_basis, target_categories, specialty, kind, "
                    "default_ratio_bp, status, created_at, updated_at) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,'active',$9,$9)",
                    {row[0], row[1], row[2], row[3], row[4], row[5], kind,
                     static_cast<std::int64_t>(pct * 100 + 0.5), now}));
    }
    return record(c, db_.engine(),
                                 Principal::system().event("inspection.item_seed", "inspection_item", "catalogue", "",
                                                           {{"items", rows->size()}, {"source", "data/inspection/items.csv"}}));
  });
}

Result<Json> InspectionService::list_items(const ItemFilter& f) {
  auto lease = db_.acquire();
  if (!lease.ok()) return lease.error();
  auto q = store::Query::unscoped(kItemSelect);
  q.search({"t.code", "t.name", "t.legal_basis"}, f.q);
  if (!f.department.empty()) q.where("t.department_code = ?", f.department);
  if (!f.kind.empty()) q.where("t.kind = ?", f.kind);
  if (!f.status.empty()) q.where("t.status = ?", f.status);
  if (!f.category.empty()) q.where("(';' || t.target_categories || ';') LIKE ? ESCAPE '\\'", "%;" + store::like_escape(f.category) + ";%");
  q.order_by("t.code");
  auto page = q.page(**lease, f.page, f.page_size);
  if (!page.ok()) return page.error();
  return page_json(*page, item_json);
}

namespace {
struct ItemFields {
  std::optional<std::string> code, name, department_code, legal_basis, specialty, kind, status;
  std::vector<std::string> categories;
  std::optional<std::int64_t> ratio_bp;
};
Result<ItemFields> read_item(Conn& c, const Json& body, bool creating) {
  FieldReader r(body);
  ItemFields f;
  if (creating) f.code = r.text("code", true, 32);
  f.name = r.text("name", creating, 100);
  f.department_code = r.text("department_code", creating, 32);
  f.legal_basis = r.text("legal_basis", creating, 500);
  f.specialty = r.text("specialty", creating, 32);
  f.kind = r.one_of("kind", creating, {"routine", "key"});
  f.status = r.one_of("status", false, {"active", "retired"});
  if (body.contains("default_ratio_percent")) {
    const Json& v = body["default_ratio_percent"];
    if (!v.is_number() || v.get<double>() < 0 || v.get<double>() > 100) r.add("default_ratio_percent", "应在 0–100 之间");
    else f.ratio_bp = static_cast<std::int64_t>(v.get<double>() * 100 + 0.5);
  } else if (creating) {
    r.add("default_ratio_percent", "必填");
  }
  if (creating || body.contains("target_categories")) {
    f.categories = text_list(body, "target_categories", r);
    if (f.categories.empty()) r.add("target_categories", "至少一个对象类别");
    for (const auto& cat : f.categories)
      if (!is_target_category(cat)) r.add("target_categories", "对象类别“" + cat + "”无效");
  }
  if (f.department_code) {
    auto d = c.query("SELECT 1 FROM departments WHERE code = $1", {*f.department_code});
    if (!d.ok()) return d.error();
    if (d->empty()) r.add("department_code", "部门代码不存在");
  }
  if (f.code) {
    auto d = c.query("SELECT 1 FROM inspection_items WHERE code = $1", {*f.code});
    if (!d.ok()) return d.error();
    if (!d->empty()) r.add("code", "事项编码已存在");
  }
  WJ_TRY(r.finish());
  return f;
}
}  // namespace

Result<Json> InspectionService::create_item(const Principal& p, const Json& body) {
  Json out;
  Status st = db_.transaction([&](Conn& c) -> Status {
    auto f = read_item(c, body, true);
    if (!f.ok()) return f.error();
    const std::string now = utc_now_iso();
    auto id = c.query("INSERT INTO inspection_items (code, name, department_code, legal_basis, target_categories, specialty, kind, "
                      "default_ratio_bp, status, created_at, updated_at) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$10) RETURNING id",
                      {*f->code, *f->name, *f->department_code, *f->legal_basis, join_list(f->categories), *f->specialty, *f->kind,
                       *f->ratio_bp, f->status.value_or("active"), now});
    if (!id.ok()) return id.error();
    auto row = c.query(std::string(kItemSelect) + " WHERE t.id = $1", {id->integer(0, 0)});
    if (!row.ok()) return row.error();
    out = item_json(*row, 0);
    return record(c, db_.engine(), p.event("inspection.item_create", "inspection_item", std::to_string(id->integer(0, 0)), "", out));
  });
  if (!st.ok()) return st.error();
  return out;
}

Result<Json> InspectionService::update_item(const Principal& p, std::int64_t id, const Json& body) {
  Json out;
  Status st = db_.transaction([&](Conn& c) -> Status {
    auto before = c.query(std::string(kItemSelect) + " WHERE t.id = $1", {id});
    if (!before.ok()) return before.error();
    if (before->empty()) return not_found("抽查事项");
    auto f = read_item(c, body, false);
    if (!f.ok()) return f.error();
    const Json old = item_json(*before, 0);
    auto set = [&](const char* col, const Value& v) -> Status {
      auto u = c.exec(std::string("UPDATE inspection_items SET ") + col + " = $1, updated_at = $2 WHERE id = $3", {v, utc_now_iso(), id});
      return u.ok() ? Status() : Status(u.error());
    };
    if (f->name) WJ_TRY(set("name", *f->name));
    if (f->department_code) WJ_TRY(set("department_code", *f->department_code));
    if (f->legal_basis) WJ_TRY(set("legal_basis", *f->legal_basis));
    if (f->specialty) WJ_TRY(set("specialty", *f->specialty));
    if (f->kind) WJ_TRY(set("kind", *f->kind));
    if (f->status) WJ_TRY(set("status", *f->status));
    if (f->ratio_bp) WJ_TRY(set("default_ratio_bp", *f->ratio_bp));
    if (!f->categories.empty()) WJ_TRY(set("target_categories", join_list(f->categories)));
    auto row = c.query(std::string(kItemSelect) + " WHERE t.id = $1", {id});
    if (!row.ok()) return row.error();
    out = item_json(*row, 0);
    return record(c, db_.engine(),
                                 p.event("inspection.item_update", "inspection_item", std::to_string(id), "", {{"before", old}, {"after", out}}));
  });
  if (!st.ok()) return st.error();
  return out;
}

// ======================= plans =======================

Result<Json> InspectionService::list_plans(const Principal& p, const std::string& q_text, const std::string& status, int year, int page,
                                           int page_size) {
  auto lease = db_.acquire();
  if (!lease.ok()) return lease.error();
  auto q = store::Query::scoped(p.scope(), kPlanSelect, "p.jurisdiction_path");
  q.search({"p.title"}, q_text);
  if (!status.empty()) q.where("p.status = ?", status);
  if (year > 0) q.where("p.year = ?", static_cast<std::int64_t>(year));
  q.order_by("p.id DESC");
  auto pg = q.page(**lease, page, page_size);
  if (!pg.ok()) return pg.error();
  Json out = page_json(*pg, plan_json);
  WJ_TRY(complete_plans(**lease, out["items"], true, false));
  return out;
}

Result<Json> InspectionService::get_plan(const Principal& p, std::int64_t id) {
  auto lease = db_.acquire();
  if (!lease.ok()) return lease.error();
  Conn& c = **lease;
  auto rows = store::scoped_row(c, p.scope(), kPlanSelect, "p.jurisdiction_path", "p.id", id);
  if (!rows.ok()) return rows.error();
  if (rows->empty() && !p.jurisdiction_path.empty()) {
    // A city-wide plan is readable by a district's staff once frozen: it is public by then,
    // and its tasks in their district lead to it.
    rows = c.query(std::string(kPlanSelect) + " WHERE p.id = $1 AND p.status IN ('frozen', 'drawn') AND $2 LIKE p.jurisdiction_path || '%'",
                   {id, p.jurisdiction_path});
    if (!rows.ok()) return rows.error();
  }
  if (rows->empty()) return not_found("抽查计划");
  Json out = plan_json(*rows, 0);
  WJ_TRY(name_joint_departments(c, out));
  auto items = plan_items_json(c, id);
  if (!items.ok()) return items.error();
  out["items"] = *items;
  auto d = c.query("SELECT id, population_digest, population_size, pool_digest, pool_size, commitment, nonce, seed, result_digest, "
                   "frozen_at, drawn_at FROM draws WHERE plan_id = $1",
                   {id});
  if (!d.ok()) return d.error();
  out["draw"] = nullptr;
  if (!d->empty()) {
    Json draw = {{"population_digest", d->text(0, 1)}, {"population_size", d->integer(0, 2)}, {"pool_digest", d->text(0, 3)},
                 {"pool_size", d->integer(0, 4)},       {"commitment", d->text(0, 5)},      {"nonce", d->text(0, 6)},
                 {"seed", d->text(0, 7)},               {"result_digest", d->text(0, 8)},   {"frozen_at", d->text(0, 9)},
                 {"drawn_at", d->text(0, 10)}};
    auto grades = c.query("SELECT grade, count(*) FROM draw_population WHERE draw_id = $1 GROUP BY grade ORDER BY grade", {d->integer(0, 0)});
    if (!grades.ok()) return grades.error();
    Json by_grade = Json::object();
    for (std::size_t i = 0; i < grades->size(); ++i) by_grade[grades->text(i, 0)] = grades->integer(i, 1);
    draw["population_by_grade"] = by_grade;
    auto wit = c.query("SELECT w.seq, w.witness_name, w.input, w.entered_at, u.display_name, w.user_id FROM draw_witnesses w "
                       "LEFT JOIN users u ON u.id = w.user_id WHERE w.draw_id = $1 ORDER BY w.seq",
                       {d->integer(0, 0)});
    if (!wit.ok()) return wit.error();
    draw["witnesses"] = Json::array();
    for (std::size_t i = 0; i < wit->size(); ++i)
      draw["witnesses"].push_back({{"seq", wit->integer(i, 0)}, {"witness_name", wit->text(i, 1)}, {"input", wit->text(i, 2)},
                                   {"entered_at", wit->text(i, 3)}, {"entered_by", wit->text(i, 4)},
                                   {"user_id", wit->integer(i, 5)}});
    out["draw"] = draw;
  }
  auto counts = c.query("SELECT grade, count(*), sum(CASE WHEN status <> 'assigned' THEN 1 ELSE 0 END), "
                        "sum(CASE WHEN status = 'published' THEN 1 ELSE 0 END) FROM inspection_tasks WHERE plan_id = $1 "
                        "GROUP BY grade ORDER BY grade",
                        {id});
  if (!counts.ok()) return counts.error();
  Json drawn = Json::object();
  std::int64_t total = 0, done = 0, published = 0;
  for (std::size_t i = 0; i < counts->size(); ++i) {
    drawn[counts->text(i, 0)] = counts->integer(i, 1);
    total += counts->integer(i, 1);
    done += counts->integer(i, 2);
    published += counts->integer(i, 3);
  }
  out["drawn_by_grade"] = drawn;
  out["tasks"] = total;
  out["tasks_done"] = done;
  out["tasks_published"] = published;
  return out;
}

Result<Json> InspectionService::create_plan(const Principal& p, const Json& body) {
  Json out;
  std::int64_t plan_id = 0;
  Status st = db_.transaction([&](Conn& c) -> Status {
    auto f = read_plan(c, p, body, rules_);
    if (!f.ok()) return f.error();
    const std::string now = utc_now_iso();
    auto id = c.query("INSERT INTO sampling_plans (title, year, period_start, period_end, lead_department_id, joint_departments, "
                      "categories, ownership, scope_jurisdiction_id, jurisdiction_path, params, status, created_by, created_at, "
                      "updated_at) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,'draft',$12,$13,$13) RETURNING id",
                      {f->title, static_cast<std::int64_t>(f->year), f->period_start, f->period_end, f->lead_department_id,
                       join_list(f->joint_departments), join_list(f->categories), f->ownership, f->scope_jurisdiction_id,
                       f->params["scope_path"].get<std::string>(), f->params.dump(), p.user_id, now});
    if (!id.ok()) return id.error();
    plan_id = id->integer(0, 0);
    for (auto item : f->item_ids) WJ_TRY(c.exec("INSERT INTO plan_items (plan_id, item_id) VALUES ($1, $2)", {plan_id, item}));
    return record(c, db_.engine(),
                                 p.event("inspection.plan_create", "sampling_plan", std::to_string(plan_id),
                                         f->params["scope_path"].get<std::string>(), body));
  });
  if (!st.ok()) return st.error();
  return get_plan(p, plan_id);
}

Result<Json> InspectionService::update_plan(const Principal& p, std::int64_t id, const Json& body) {
  Status st = db_.transaction([&](Conn& c) -> Status {
    auto rows = store::scoped_row(c, p.scope(), kPlanSelect, "p.jurisdiction_path", "p.id", id);
    if (!rows.ok()) return rows.error();
    if (rows->empty()) return not_found("抽查计划");
    if (rows->text(0, 14) != "draft") return errors::conflict("计划已冻结或已撤销，不能再修改：冻结后的对象范围和比例已公布。");
    const Json before = plan_json(*rows, 0);
    auto f = read_plan(c, p, body, rules_);
    if (!f.ok()) return f.error();
    WJ_TRY(c.exec("UPDATE sampling_plans SET title=$1, year=$2, period_start=$3, period_end=$4, lead_department_id=$5, "
                  "joint_departments=$6, categories=$7, ownership=$8, scope_jurisdiction_id=$9, jurisdiction_path=$10, params=$11, "
                  "updated_at=$12 WHERE id=$13",
                  {f->title, static_cast<std::int64_t>(f->year), f->period_start, f->period_end, f->lead_department_id,
                   join_list(f->joint_departments), join_list(f->categories), f->ownership, f->scope_jurisdiction_id,
                   f->params["scope_path"].get<std::string>(), f->params.dump(), utc_now_iso(), id}));
    WJ_TRY(c.exec("DELETE FROM plan_items WHERE plan_id = $1", {id}));
    for (auto item : f->item_ids) WJ_TRY(c.exec("INSERT INTO plan_items (plan_id, item_id) VALUES ($1, $2)", {id, item}));
    return record(c, db_.engine(),
                                 p.event("inspection.plan_update", "sampling_plan", std::to_string(id), rows->text(0, 17),
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
    auto rows = store::scoped_row(c, p.scope(), kPlanSelect, "p.jurisdiction_path", "p.id", id);
    if (!rows.ok()) return rows.error();
    if (rows->empty()) return not_found("抽查计划");
    if (rows->text(0, 14) == "drawn") return errors::conflict("计划已抽取，不能撤销：抽取结果已公布，任务须按结果执行。");
    if (rows->text(0, 14) == "cancelled") return errors::conflict("计划已撤销。");
    WJ_TRY(c.exec("UPDATE sampling_plans SET status = 'cancelled', updated_at = $1 WHERE id = $2", {utc_now_iso(), id}));
    return record(c, db_.engine(),
                                 p.event("inspection.plan_cancel", "sampling_plan", std::to_string(id), rows->text(0, 17),
                                         {{"reason", *reason}, {"status_before", rows->text(0, 14)}}));
  });
  if (!st.ok()) return st.error();
  return get_plan(p, id);
}

// ======================= risk =======================

Result<std::unordered_map<std::int64_t, RiskFacts>> InspectionService::risk_facts(Conn& c, const std::string& path_prefix) {
  std::unordered_map<std::int64_t, RiskFacts> facts;
  const std::string like = store::like_escape(path_prefix) + "%";
  auto inst = c.query("SELECT id, category FROM institutions WHERE jurisdiction_path LIKE $1 ESCAPE '\\'", {like});
  if (!inst.ok()) return inst.error();
  for (std::size_t i = 0; i < inst->size(); ++i) facts[inst->integer(i, 0)].category = inst->text(i, 1);
  auto found = c.query("SELECT institution_id, count(*) FROM inspection_tasks WHERE outcome = 'problem' AND inspected_on >= $1 "
                       "AND jurisdiction_path LIKE $2 ESCAPE '\\' GROUP BY institution_id",
                       {months_ago(rules_.risk.finding_months), like});
  if (!found.ok()) return found.error();
  for (std::size_t i = 0; i < found->size(); ++i) facts[found->integer(i, 0)].problem_findings = static_cast<int>(found->integer(i, 1));
  auto overdue = c.query("SELECT DISTINCT institution_id FROM practice_licenses WHERE status IN ('valid', 'validation_deferred') "
                         "AND validation_due_on < $1 AND jurisdiction_path LIKE $2 ESCAPE '\\'",
                         {today(), like});
  if (!overdue.ok()) return overdue.error();
  for (std::size_t i = 0; i < overdue->size(); ++i) facts[overdue->integer(i, 0)].validation_overdue = true;
  if (extras_) WJ_TRY(extras_(c, facts));
  return facts;
}

Result<Json> InspectionService::risk_of(const Principal& p, std::int64_t institution_id) {
  auto lease = db_.acquire();
  if (!lease.ok()) return lease.error();
  auto inst = store::scoped_row(**lease, p.scope(), "SELECT i.id, i.jurisdiction_path, i.name FROM institutions i", "i.jurisdiction_path", "i.id",
                         institution_id);
  if (!inst.ok()) return inst.error();
  if (inst->empty()) return not_found("机构");
  auto facts = risk_facts(**lease, inst->text(0, 1));
  if (!facts.ok()) return facts.error();
  const RiskGrade g = risk_grade((*facts)[institution_id], rules_.risk);
  return Json{{"institution_id", institution_id}, {"name", inst->text(0, 2)}, {"grade", std::string(1, g.grade)},
              {"points", g.points},                {"reasons", g.reasons}};
}

// ======================= the draw ceremony =======================

Result<Json> InspectionService::freeze(const Principal& p, std::int64_t plan_id) {
  Json out;
  Status st = db_.transaction([&](Conn& c) -> Status {
    auto rows = store::scoped_row(c, p.scope(), kPlanSelect, "p.jurisdiction_path", "p.id", plan_id);
    if (!rows.ok()) return rows.error();
    if (rows->empty()) return not_found("抽查计划");
    if (rows->text(0, 14) != "draft") return errors::conflict("只有草拟状态的计划可以冻结（当前：" + std::string(lookup(kPlanStatuses, rows->text(0, 14))) + "）。");
    const Json plan = plan_json(*rows, 0);
    const Json params = Json::parse(rows->text(0, 13));
    const std::string scope_path = rows->text(0, 17);
    const std::int64_t lead_department = rows->integer(0, 5);
    // Target categories: the plan's, or every category its items cover.
    auto items = c.query("SELECT t.id, t.target_categories, t.specialty FROM inspection_items t JOIN plan_items pi ON pi.item_id = t.id "
                         "WHERE pi.plan_id = $1",
                         {plan_id});
    if (!items.ok()) return items.error();
    std::set<std::string> categories, specialties;
    std::vector<std::int64_t> item_ids;
    for (std::size_t i = 0; i < items->size(); ++i) {
      item_ids.push_back(items->integer(i, 0));
      for (const auto& cat : split_list(items->text(i, 1))) categories.insert(cat);
      specialties.insert(items->text(i, 2));
    }
    if (!plan["categories"].empty()) {
      categories.clear();
      for (const auto& cat : plan["categories"]) categories.insert(cat["id"].get<std::string>());
    }
    // --- targets ---
    auto facts = risk_facts(c, scope_path);
    if (!facts.ok()) return facts.error();
    std::string sql = "SELECT id, credit_code, category, jurisdiction_path FROM institutions WHERE status = 'active' "
                      "AND jurisdiction_path LIKE $1 ESCAPE '\\'";
    store::Params args{store::like_escape(scope_path) + "%"};
    if (!plan["ownership"].get<std::string>().empty()) {
      sql += " AND ownership = $2";
      args.push_back(plan["ownership"].get<std::string>());
    }
    auto inst = c.query(sql + " ORDER BY id", args);
    if (!inst.ok()) return inst.error();
    // Exclusion: targets already drawn for one of these items within N months of their grade.
    std::array<std::set<std::int64_t>, 4> recent;
    const auto exclude = params.value("exclude_months", Json::array());
    for (std::size_t g = 0; g < 4 && g < exclude.size(); ++g) {
      if (exclude[g].get<int>() <= 0) continue;
      for (auto item : item_ids) {
        auto r = c.query("SELECT DISTINCT t.institution_id FROM inspection_tasks t JOIN plan_items pi ON pi.plan_id = t.plan_id "
                         "WHERE pi.item_id = $1 AND t.created_at >= $2",
                         {item, months_ago(exclude[g].get<int>())});
        if (!r.ok()) return r.error();
        for (std::size_t i = 0; i < r->size(); ++i) recent[g].insert(r->integer(i, 0));
      }
    }
    struct Target {
      std::int64_t id;
      DrawTarget t;
    };
    std::vector<Target> targets;
    std::int64_t excluded = 0;
    for (std::size_t i = 0; i < inst->size(); ++i) {
      if (!categories.count(inst->text(i, 2))) continue;
      const std::int64_t id = inst->integer(i, 0);
      const char grade = risk_grade((*facts)[id], rules_.risk).grade;
      if (recent[static_cast<std::size_t>(grade - 'A')].count(id)) {
        ++excluded;
        continue;
      }
      targets.push_back({id, {inst->text(i, 1), grade, 1.0, inst->text(i, 3)}});
    }
    if (targets.empty())
      return errors::validation("对象库为空：在所选辖区、类别和所有制范围内没有可抽取的对象" +
                                    (excluded ? "（另有 " + std::to_string(excluded) + " 个对象因近期已抽取被排除）" : std::string()) +
                                    "。请调整计划的对象范围。",
                                {{"population", "为空"}});
    // --- inspectors: right department, jurisdiction and specialty, valid certificate ---
    std::set<std::string> departments = {plan["lead_department_code"].get<std::string>()};
    for (const auto& d : plan["joint_departments"]) departments.insert(d.get<std::string>());
    auto insp = c.query("SELECT n.id, n.cert_no, d.code, n.department_id, n.jurisdiction_path, n.specialties FROM inspectors n "
                        "JOIN departments d ON d.id = n.department_id WHERE n.status = 'active' AND n.cert_valid_until >= $1 "
                        "ORDER BY n.id",
                        {std::max(today(), plan["period_start"].get<std::string>())});
    if (!insp.ok()) return insp.error();
    auto load = c.query("SELECT ti.inspector_id, count(*) FROM task_inspectors ti JOIN inspection_tasks t ON t.id = ti.task_id "
                        "WHERE ti.ended_at IS NULL AND t.status = 'assigned' GROUP BY ti.inspector_id");
    if (!load.ok()) return load.error();
    std::unordered_map<std::int64_t, std::int64_t> loads;
    for (std::size_t i = 0; i < load->size(); ++i) loads[load->integer(i, 0)] = load->integer(i, 1);
    struct Member {
      std::int64_t id;
      std::string department;
      PoolInspector x;
    };
    std::vector<Member> pool;
    for (std::size_t i = 0; i < insp->size(); ++i) {
      const std::string path = insp->text(i, 4);
      const bool inside = path.rfind(scope_path, 0) == 0 || scope_path.rfind(path, 0) == 0;
      if (!inside || !departments.count(insp->text(i, 2))) continue;
      bool skilled = false;
      for (const auto& s : split_list(insp->text(i, 5))) skilled |= specialties.count(s) > 0;
      if (!skilled) continue;
      pool.push_back({insp->integer(i, 0), insp->text(i, 2),
                      {insp->text(i, 1), path, insp->integer(i, 3) == lead_department, loads[insp->integer(i, 0)]}});
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
    auto conflicts = c.query("SELECT inspector_id, institution_id FROM inspector_conflicts");
    if (!conflicts.ok()) return conflicts.error();
    for (std::size_t i = 0; i < conflicts->size(); ++i) recuse(conflicts->integer(i, 0), conflicts->integer(i, 1), "conflict");
    if (params.value("avoid_repeat", true)) {
      auto last = c.query("SELECT ti.inspector_id, t.institution_id FROM task_inspectors ti JOIN inspection_tasks t ON t.id = ti.task_id "
                          "WHERE ti.ended_at IS NULL AND t.id = (SELECT max(t2.id) FROM inspection_tasks t2 WHERE t2.institution_id = t.institution_id)");
      if (!last.ok()) return last.error();
      for (std::size_t i = 0; i < last->size(); ++i) recuse(last->integer(i, 0), last->integer(i, 1), "repeat");
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
    const std::string pop_digest = population_digest(population);
    const std::string pl_digest = pool_digest(pool_x, recusals);
    const std::string nonce = nonce_source_ ? nonce_source_(plan_id) : crypto::to_hex(crypto::random_bytes(32));
    const std::string commitment = crypto::sm3_hex(nonce);
    const std::string now = utc_now_iso();
    auto draw_id = c.query("INSERT INTO draws (plan_id, population_digest, population_size, pool_digest, pool_size, commitment, "
                           "sealed_nonce, frozen_at, frozen_by) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9) RETURNING id",
                           {plan_id, pop_digest, static_cast<std::int64_t>(population.size()), pl_digest,
                            static_cast<std::int64_t>(pool.size()), commitment, box_.seal(nonce), now, p.user_id});
    if (!draw_id.ok()) return draw_id.error();
    const std::int64_t did = draw_id->integer(0, 0);
    for (const auto& t : targets)
      WJ_TRY(c.exec("INSERT INTO draw_population (draw_id, target_id, institution_id, grade, weight_milli, jurisdiction_path) "
                    "VALUES ($1,$2,$3,$4,$5,$6)",
                    {did, t.t.id, t.id, std::string(1, t.t.grade), std::int64_t{1000}, t.t.jurisdiction_path}));
    for (const auto& m : pool)
      WJ_TRY(c.exec("INSERT INTO draw_pool (draw_id, inspector_id, cert_no, department_code, lead, jurisdiction_path, prior_load) "
                    "VALUES ($1,$2,$3,$4,$5,$6,$7)",
                    {did, m.id, m.x.id, m.department, std::int64_t{m.x.lead ? 1 : 0}, m.x.jurisdiction_path, m.x.prior_load}));
    for (const auto& r : recusals)
      WJ_TRY(c.exec("INSERT INTO draw_recusals (draw_id, cert_no, target_id, reason) VALUES ($1,$2,$3,$4)", {did, r.inspector, r.target, r.reason}));
    WJ_TRY(c.exec("UPDATE sampling_plans SET status = 'frozen', updated_at = $1 WHERE id = $2", {now, plan_id}));
    std::array<std::int64_t, 4> by_grade{};
    for (const auto& t : population) ++by_grade[static_cast<std::size_t>(t.grade - 'A')];
    out = {{"plan_id", plan_id},
           {"population_size", population.size()},
           {"population_by_grade", {{"A", by_grade[0]}, {"B", by_grade[1]}, {"C", by_grade[2]}, {"D", by_grade[3]}}},
           {"excluded_recent", excluded},
           {"population_digest", pop_digest},
           {"pool_size", pool.size()},
           {"recusals", recusals.size()},
           {"pool_digest", pl_digest},
           {"commitment", commitment},
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
    auto rows = store::scoped_row(c, p.scope(), kPlanSelect, "p.jurisdiction_path", "p.id", plan_id);
    if (!rows.ok()) return rows.error();
    if (rows->empty()) return not_found("抽查计划");
    if (rows->text(0, 14) != "frozen") return errors::conflict("只有已冻结、尚未抽取的计划可以录入见证人随机数。");
    const int required = Json::parse(rows->text(0, 13)).value("witnesses_required", 2);
    auto d = c.query("SELECT id FROM draws WHERE plan_id = $1", {plan_id});
    if (!d.ok()) return d.error();
    const std::int64_t did = d->integer(0, 0);
    auto w = c.query("SELECT seq, user_id FROM draw_witnesses WHERE draw_id = $1 ORDER BY seq", {did});
    if (!w.ok()) return w.error();
    if (static_cast<int>(w->size()) >= required) return errors::conflict("见证人随机数已录满（" + std::to_string(required) + "人），可以抽取。");
    for (std::size_t i = 0; i < w->size(); ++i)
      if (w->integer(i, 1) == p.user_id)
        return errors::conflict("您已作为见证人录入过随机数：每位见证人须使用本人账户各录入一次，任何人不能单独决定种子。");
    const auto seq = static_cast<std::int64_t>(w->size() + 1);
    const std::string now = utc_now_iso();
    WJ_TRY(c.exec("INSERT INTO draw_witnesses (draw_id, seq, witness_name, input, user_id, entered_at) VALUES ($1,$2,$3,$4,$5,$6)",
                  {did, seq, *name, *input, p.user_id, now}));
    out = {{"plan_id", plan_id}, {"seq", seq}, {"witness_name", *name}, {"input", *input}, {"entered_at", now},
           {"remaining", required - seq}};
    return record(c, db_.engine(), p.event("inspection.witness_input", "sampling_plan", std::to_string(plan_id), rows->text(0, 17), out));
  });
  if (!st.ok()) return st.error();
  return out;
}

Result<Json> InspectionService::draw(const Principal& p, std::int64_t plan_id) {
  Json out;
  bool redraw = false;
  std::string redraw_path;
  Status st = db_.transaction([&](Conn& c) -> Status {
    auto rows = store::scoped_row(c, p.scope(), kPlanSelect, "p.jurisdiction_path", "p.id", plan_id);
    if (!rows.ok()) return rows.error();
    if (rows->empty()) return not_found("抽查计划");
    const std::string status = rows->text(0, 14);
    if (status == "drawn") {
      redraw = true;
      redraw_path = rows->text(0, 17);
      return errors::conflict("该计划已完成抽取，不能重新抽取；本次重新抽取的请求已记录在审计日志中。");
    }
    if (status != "frozen") return errors::conflict("计划须先冻结对象库并录入见证人随机数，才能抽取。");
    const Json params = Json::parse(rows->text(0, 13));
    auto d = c.query("SELECT id, commitment, sealed_nonce FROM draws WHERE plan_id = $1", {plan_id});
    if (!d.ok()) return d.error();
    const std::int64_t did = d->integer(0, 0);
    auto in = load_inputs(c, plan_id, params, did, d->text(0, 1));
    if (!in.ok()) return in.error();
    const int required = params.value("witnesses_required", 2);
    if (static_cast<int>(in->witness_inputs.size()) < required)
      return errors::conflict("还需要 " + std::to_string(required - static_cast<int>(in->witness_inputs.size())) + " 位见证人录入随机数。");
    auto nonce = box_.open(d->text(0, 2));
    if (!nonce.ok()) return errors::internal("无法解开冻结时封存的随机数：数据密钥与冻结时不同。");
    in->nonce = *nonce;
    auto outcome = run_draw(*in);
    if (!outcome.ok()) return outcome.error();
    std::unordered_map<std::string, std::int64_t> inst_of, insp_of;
    auto pop = c.query("SELECT target_id, institution_id FROM draw_population WHERE draw_id = $1", {did});
    if (!pop.ok()) return pop.error();
    for (std::size_t i = 0; i < pop->size(); ++i) inst_of[pop->text(i, 0)] = pop->integer(i, 1);
    auto pool = c.query("SELECT cert_no, inspector_id FROM draw_pool WHERE draw_id = $1", {did});
    if (!pool.ok()) return pool.error();
    for (std::size_t i = 0; i < pool->size(); ++i) insp_of[pool->text(i, 0)] = pool->integer(i, 1);
    std::unordered_map<std::string, std::string> path_of;
    for (const auto& t : in->population) path_of[t.id] = t.jurisdiction_path;
    // Due: the plan's end, or due_working_days working days from today if that is earlier.
    std::string due = rows->text(0, 4);
    auto by_days = calendar_.add_working_days(today_in_shanghai(), params.value("due_working_days", rules_.due_working_days));
    if (by_days.ok() && by_days->to_string() < due) due = by_days->to_string();
    const std::string now = utc_now_iso();
    std::int64_t rank = 0;
    for (const auto& t : outcome->tasks) {
      auto tid = c.query("INSERT INTO inspection_tasks (plan_id, draw_id, institution_id, target_id, grade, rank, jurisdiction_path, due_on, "
                         "status, findings, enforcement_lead, created_at) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,'assigned','',0,$9) RETURNING id",
                         {plan_id, did, inst_of.at(t.target), t.target, std::string(1, t.grade), ++rank, path_of.at(t.target), due, now});
      if (!tid.ok()) return tid.error();
      for (std::size_t k = 0; k < t.inspectors.size(); ++k)
        WJ_TRY(c.exec("INSERT INTO task_inspectors (task_id, inspector_id, slot, source, assigned_at) VALUES ($1,$2,$3,'draw',$4)",
                      {tid->integer(0, 0), insp_of.at(t.inspectors[k]), static_cast<std::int64_t>(k), now}));
    }
    WJ_TRY(c.exec("UPDATE draws SET nonce = $1, seed = $2, result_digest = $3, drawn_at = $4, drawn_by = $5 WHERE id = $6",
                  {in->nonce, outcome->seed, outcome->result_digest, now, p.user_id, did}));
    WJ_TRY(c.exec("UPDATE sampling_plans SET status = 'drawn', updated_at = $1 WHERE id = $2", {now, plan_id}));
    out = {{"plan_id", plan_id},
           {"seed", outcome->seed},
           {"nonce", in->nonce},
           {"result_digest", outcome->result_digest},
           {"tasks", outcome->tasks.size()},
           {"drawn_by_grade", {{"A", outcome->drawn[0]}, {"B", outcome->drawn[1]}, {"C", outcome->drawn[2]}, {"D", outcome->drawn[3]}}},
           {"population_by_grade",
            {{"A", outcome->population[0]}, {"B", outcome->population[1]}, {"C", outcome->population[2]}, {"D", outcome->population[3]}}},
           {"drawn_at", now}};
    return record(c, db_.engine(), p.event("inspection.draw", "sampling_plan", std::to_string(plan_id), rows->text(0, 17), out));
  });
  if (redraw) {
    // Refused, and recorded: an attempt to draw again is itself a fact worth keeping.
    Status rec = db_.transaction([&](Conn& c) -> Status {
      return record(c, db_.engine(),
                                   p.event("inspection.redraw_refused", "sampling_plan", std::to_string(plan_id), redraw_path,
                                           {{"reason", "计划已完成抽取"}}));
    });
    if (!rec.ok()) return rec.error();
  }
  if (!st.ok()) return st.error();
  return out;
}

Result<Json> InspectionService::draw_document(std::int64_t plan_id) {
  auto lease = db_.acquire();
  if (!lease.ok()) return lease.error();
  Conn& c = **lease;
  auto rows = c.query(std::string(kPlanSelect) + " WHERE p.id = $1 AND p.status IN ('frozen', 'drawn')", {plan_id});
  if (!rows.ok()) return rows.error();
  if (rows->empty()) return errors::not_found("找不到该抽查计划的抽取公示：计划不存在，或尚未冻结。");
  const Json plan = plan_json(*rows, 0);
  auto items = plan_items_json(c, plan_id);
  if (!items.ok()) return items.error();
  Json item_codes = Json::array();
  for (const auto& it : *items) item_codes.push_back({{"code", it["code"]}, {"name", it["name"]}});
  const Json plan_public = {{"id", plan_id}, {"title", plan["title"]}, {"year", plan["year"]}, {"period_start", plan["period_start"]},
                            {"period_end", plan["period_end"]}, {"lead_department", plan["lead_department_name"]},
                            {"joint_departments", plan["joint_departments"]}, {"scope", plan["scope_jurisdiction_name"]},
                            {"items", item_codes}, {"ratios_percent", plan["ratios_percent"]},
                            {"public_source", plan["public_source"]}, {"status", plan["status"]}};
  auto d = c.query("SELECT id, commitment, nonce, seed, result_digest, population_digest, pool_digest FROM draws WHERE plan_id = $1", {plan_id});
  if (!d.ok()) return d.error();
  auto in = load_inputs(c, plan_id, Json::parse(rows->text(0, 13)), d->integer(0, 0), d->text(0, 1));
  if (!in.ok()) return in.error();
  DrawOutcome out;
  out.population_digest = d->text(0, 5);
  out.pool_digest = d->text(0, 6);
  out.seed = d->text(0, 3);
  out.result_digest = d->text(0, 4);
  in->nonce = d->text(0, 2);  // empty until the draw
  // The result as stored (never recomputed here): verification must compare against it.
  auto tasks = c.query("SELECT t.target_id, t.grade, n.cert_no FROM inspection_tasks t JOIN task_inspectors ti ON ti.task_id = t.id "
                       "AND ti.source = 'draw' JOIN inspectors n ON n.id = ti.inspector_id WHERE t.plan_id = $1 ORDER BY t.rank, ti.slot",
                       {plan_id});
  if (!tasks.ok()) return tasks.error();
  for (std::size_t i = 0; i < tasks->size(); ++i) {
    if (out.tasks.empty() || out.tasks.back().target != tasks->text(i, 0)) {
      out.tasks.push_back({tasks->text(i, 0), tasks->text(i, 1)[0], {}});
      ++out.drawn[static_cast<std::size_t>(tasks->text(i, 1)[0] - 'A')];
    }
    out.tasks.back().inspectors.push_back(tasks->text(i, 2));
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

// ======================= tasks =======================

namespace {
constexpr const char* kTaskSelect =
    "SELECT t.id, t.plan_id, p.title, t.institution_id, i.name, t.target_id, i.category, t.grade, t.due_on, t.status, t.outcome, "
    "t.findings, t.enforcement_lead, t.inspected_on, t.publish_due_on, t.published_on, j.name, t.submitted_at, i.address "
    "FROM inspection_tasks t JOIN sampling_plans p ON p.id = t.plan_id JOIN institutions i ON i.id = t.institution_id "
    "JOIN jurisdictions j ON j.id = i.jurisdiction_id";

Json task_json(const Rows& r, std::size_t i, const std::string& now) {
  const std::string status = r.text(i, 9);
  const bool overdue_publication = status == "submitted" && !r.text(i, 14).empty() && r.text(i, 14) < now;
  return {{"id", r.integer(i, 0)},
          {"plan_id", r.integer(i, 1)},
          {"plan_title", r.text(i, 2)},
          {"institution_id", r.integer(i, 3)},
          {"institution_name", r.text(i, 4)},
          {"target_id", r.text(i, 5)},
          {"category_label", category_label(r.text(i, 6))},
          {"grade", r.text(i, 7)},
          {"due_on", r.text(i, 8)},
          {"overdue", status == "assigned" && r.text(i, 8) < now},
          {"status", status},
          {"status_label", lookup(kTaskStatuses, status)},
          {"outcome", r.is_null(i, 10) ? Json(nullptr) : Json(r.text(i, 10))},
          {"outcome_label", lookup(kOutcomes, r.text(i, 10))},
          {"findings", r.text(i, 11)},
          {"enforcement_lead", r.integer(i, 12) != 0},
          {"inspected_on", r.text(i, 13)},
          {"publish_due_on", r.text(i, 14)},
          {"published_on", r.text(i, 15)},
          {"publication_overdue", overdue_publication},
          {"jurisdiction_name", r.text(i, 16)},
          {"submitted_at", r.text(i, 17)},
          {"address", r.text(i, 18)}};
}

store::Query task_query(const Principal& p, const TaskFilter& f) {
  auto q = store::Query::scoped(p.scope(), kTaskSelect, "t.jurisdiction_path");
  q.search({"i.name", "t.target_id", "p.title"}, f.q);
  if (f.plan_id > 0) q.where("t.plan_id = ?", f.plan_id);
  if (!f.status.empty()) q.where("t.status = ?", f.status);
  if (!f.outcome.empty()) q.where("t.outcome = ?", f.outcome);
  if (!f.grade.empty()) q.where("t.grade = ?", f.grade);
  if (f.jurisdiction_id > 0)
    q.where("t.jurisdiction_path LIKE (SELECT path FROM jurisdictions WHERE id = ?) || '%'", f.jurisdiction_id);
  if (f.mine)
    q.where("t.id IN (SELECT ti.task_id FROM task_inspectors ti JOIN inspectors n ON n.id = ti.inspector_id "
            "WHERE ti.ended_at IS NULL AND n.user_id = ?)",
            p.user_id);
  if (f.overdue_only) q.where("t.status = 'submitted' AND t.publish_due_on < ?", today());
  q.order_by("t.plan_id DESC, t.rank");
  return q;
}

Result<Json> task_inspectors_json(Conn& c, std::int64_t task_id) {
  auto rows = c.query("SELECT ti.id, ti.inspector_id, n.name, n.cert_no, d.name, ti.slot, ti.source, ti.assigned_at, ti.ended_at, "
                      "ti.end_reason FROM task_inspectors ti JOIN inspectors n ON n.id = ti.inspector_id "
                      "JOIN departments d ON d.id = n.department_id WHERE ti.task_id = $1 ORDER BY ti.slot, ti.id",
                      {task_id});
  if (!rows.ok()) return rows.error();
  Json out = Json::array();
  for (std::size_t i = 0; i < rows->size(); ++i)
    out.push_back({{"inspector_id", rows->integer(i, 1)}, {"name", rows->text(i, 2)},      {"cert_no", rows->text(i, 3)},
                   {"department_name", rows->text(i, 4)}, {"lead", rows->integer(i, 5) == 0}, {"source", rows->text(i, 6)},
                   {"assigned_at", rows->text(i, 7)},     {"active", rows->is_null(i, 8)},  {"ended_at", rows->text(i, 8)},
                   {"end_reason", rows->text(i, 9)}});
  return out;
}
}  // namespace

Result<Json> InspectionService::list_tasks(const Principal& p, const TaskFilter& f) {
  auto lease = db_.acquire();
  if (!lease.ok()) return lease.error();
  auto pg = task_query(p, f).page(**lease, f.page, f.page_size);
  if (!pg.ok()) return pg.error();
  const std::string now = today();
  Json out = page_json(*pg, [&](const Rows& r, std::size_t i) { return task_json(r, i, now); });
  // The page's current inspectors in one query, not one per task.
  if (out["items"].empty()) return out;
  store::Params ids;
  const std::string in = page_ids(out["items"], ids);
  auto names = (*lease)->query("SELECT ti.task_id, n.name FROM task_inspectors ti JOIN inspectors n ON n.id = ti.inspector_id "
                               "WHERE ti.ended_at IS NULL AND ti.task_id IN (" + in + ") ORDER BY ti.task_id, ti.slot",
                               ids);
  if (!names.ok()) return names.error();
  std::unordered_map<std::int64_t, std::string> joined;
  for (std::size_t i = 0; i < names->size(); ++i) {
    std::string& j = joined[names->integer(i, 0)];
    j += (j.empty() ? "" : "、") + names->text(i, 1);
  }
  for (auto& t : out["items"]) t["inspectors"] = joined[t["id"].get<std::int64_t>()];
  return out;
}

Result<Table> InspectionService::export_tasks(const Principal& p, TaskFilter f) {
  auto lease = db_.acquire();
  if (!lease.ok()) return lease.error();
  auto rows = task_query(p, f).all(**lease);
  if (!rows.ok()) return rows.error();
  Table t;
  t.header = {"计划", "对象", "统一社会信用代码", "类别", "辖区", "风险等级", "截止日期", "状态", "检查日期", "结果", "发现问题", "移交执法",
               "应公示日期", "公示日期"};
  const std::string now = today();
  for (std::size_t i = 0; i < rows->size(); ++i) {
    const Json j = task_json(*rows, i, now);
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
  auto rows = store::scoped_row(c, p.scope(), kTaskSelect, "t.jurisdiction_path", "t.id", id);
  if (!rows.ok()) return rows.error();
  if (rows->empty()) return not_found("抽查任务");
  Json out = task_json(*rows, 0, today());
  auto insp = task_inspectors_json(c, id);
  if (!insp.ok()) return insp.error();
  out["inspectors"] = *insp;
  auto items = plan_items_json(c, out["plan_id"].get<std::int64_t>());
  if (!items.ok()) return items.error();
  out["items"] = *items;
  auto photos = c.query("SELECT id, file_name, content_type, size, sm3, uploaded_at FROM task_photos WHERE task_id = $1 ORDER BY id", {id});
  if (!photos.ok()) return photos.error();
  out["photos"] = Json::array();
  for (std::size_t i = 0; i < photos->size(); ++i)
    out["photos"].push_back({{"id", photos->integer(i, 0)}, {"file_name", photos->text(i, 1)}, {"content_type", photos->text(i, 2)},
                             {"size", photos->integer(i, 3)}, {"sm3", photos->text(i, 4)}, {"uploaded_at", photos->text(i, 5)}});
  out["can_enter_result"] = can_enter_result(c, p, id);
  return out;
}

bool InspectionService::can_enter_result(Conn& c, const Principal& p, std::int64_t task_id) {
  if (p.role == "admin" || p.role == "section_head") return true;
  auto r = c.query("SELECT 1 FROM task_inspectors ti JOIN inspectors n ON n.id = ti.inspector_id "
                   "WHERE ti.task_id = $1 AND ti.ended_at IS NULL AND n.user_id = $2",
                   {task_id, p.user_id});
  return r.ok() && !r->empty();
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
    auto rows = store::scoped_row(c, p.scope(), "SELECT t.id, t.status, t.jurisdiction_path, t.created_at FROM inspection_tasks t", "t.jurisdiction_path",
                           "t.id", id);
    if (!rows.ok()) return rows.error();
    if (rows->empty()) return not_found("抽查任务");
    if (!can_enter_result(c, p, id)) return errors::forbidden("只有本任务的执法人员或科室负责人可以录入检查结果。");
    if (rows->text(0, 1) == "published") return errors::conflict("结果已公示，不能再修改。");
    if (inspected->to_string() < shanghai_date_of_iso(rows->text(0, 3)))
      return errors::validation("检查日期不能早于抽取日期。", {{"inspected_on", "早于抽取日期"}});
    auto due = calendar_.add_working_days(*inspected, rules_.publish_within_working_days);
    if (!due.ok()) return due.error();
    const std::string now = utc_now_iso();
    WJ_TRY(c.exec("UPDATE inspection_tasks SET status = 'submitted', outcome = $1, findings = $2, enforcement_lead = $3, inspected_on = $4, "
                  "submitted_by = $5, submitted_at = $6, publish_due_on = $7 WHERE id = $8",
                  {*outcome, findings.value_or(""), std::int64_t{lead ? 1 : 0}, inspected->to_string(), p.user_id, now, due->to_string(), id}));
    return record(c, db_.engine(),
                                 p.event(lead ? "inspection.result_lead" : "inspection.result", "inspection_task", std::to_string(id),
                                         rows->text(0, 2),
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
    auto rows = store::scoped_row(c, p.scope(), "SELECT t.id, t.status, t.jurisdiction_path FROM inspection_tasks t", "t.jurisdiction_path", "t.id", task_id);
    if (!rows.ok()) return rows.error();
    if (rows->empty()) return not_found("抽查任务");
    if (!can_enter_result(c, p, task_id)) return errors::forbidden("只有本任务的执法人员或科室负责人可以上传现场照片。");
    if (rows->text(0, 1) == "published") return errors::conflict("结果已公示，不能再添加照片。");
    const std::string digest = crypto::sm3_hex(bytes);
    const std::string now = utc_now_iso();
    auto id = c.query("INSERT INTO task_photos (task_id, sm3, file_name, content_type, size, data, uploaded_by, uploaded_at) "
                      "VALUES ($1,$2,$3,$4,$5,$6,$7,$8) RETURNING id",
                      {task_id, digest, file_name, content_type, static_cast<std::int64_t>(bytes.size()), store::Blob{bytes}, p.user_id, now});
    if (!id.ok()) return id.error();
    out = {{"id", id->integer(0, 0)}, {"file_name", file_name}, {"content_type", content_type},
           {"size", bytes.size()},    {"sm3", digest},          {"uploaded_at", now}};
    // The photo's SM3 goes into the hash-chained ledger: any later change to the bytes shows.
    return record(c, db_.engine(), p.event("inspection.photo", "inspection_task", std::to_string(task_id), rows->text(0, 2), out));
  });
  if (!st.ok()) return st.error();
  return out;
}

Result<InspectionService::Photo> InspectionService::get_photo(const Principal& p, std::int64_t task_id, std::int64_t photo_id) {
  auto lease = db_.acquire();
  if (!lease.ok()) return lease.error();
  auto rows = store::scoped_row(**lease, p.scope(), "SELECT t.id FROM inspection_tasks t", "t.jurisdiction_path", "t.id", task_id);
  if (!rows.ok()) return rows.error();
  if (rows->empty()) return not_found("抽查任务");
  auto ph = (*lease)->query("SELECT content_type, data FROM task_photos WHERE id = $1 AND task_id = $2", {photo_id, task_id});
  if (!ph.ok()) return ph.error();
  if (ph->empty()) return not_found("照片");
  const auto& v = ph->rows[0][1];
  return Photo{ph->text(0, 0), std::holds_alternative<store::Blob>(v) ? std::get<store::Blob>(v).bytes : ph->text(0, 1)};
}

Result<Json> InspectionService::reassign(const Principal& p, std::int64_t task_id, const Json& body) {
  FieldReader r(body);
  auto from = r.id("from_inspector_id", true);
  auto to = r.id("to_inspector_id", true);
  auto reason = r.text("reason", true, 500);
  if (reason && utf8_length(*reason) < 4) r.add("reason", "请写明更换原因（至少4个字）");
  WJ_TRY(r.finish());
  Status st = db_.transaction([&](Conn& c) -> Status {
    auto rows = store::scoped_row(c, p.scope(), "SELECT t.id, t.status, t.jurisdiction_path, t.institution_id, p.lead_department_id FROM inspection_tasks t "
                                 "JOIN sampling_plans p ON p.id = t.plan_id",
                           "t.jurisdiction_path", "t.id", task_id);
    if (!rows.ok()) return rows.error();
    if (rows->empty()) return not_found("抽查任务");
    if (rows->text(0, 1) != "assigned") return errors::conflict("已录入结果的任务不能更换执法人员。");
    auto cur = c.query("SELECT id, slot FROM task_inspectors WHERE task_id = $1 AND inspector_id = $2 AND ended_at IS NULL", {task_id, *from});
    if (!cur.ok()) return cur.error();
    if (cur->empty()) return errors::validation("被更换的人员不在本任务中。", {{"from_inspector_id", "不在本任务中"}});
    const std::int64_t slot = cur->integer(0, 1);
    auto n = c.query("SELECT status, cert_valid_until, department_id, jurisdiction_path, name FROM inspectors WHERE id = $1", {*to});
    if (!n.ok()) return n.error();
    if (n->empty()) return errors::validation("新的执法人员不存在。", {{"to_inspector_id", "不存在"}});
    FieldReader problems(body);
    if (n->text(0, 0) != "active") problems.add("to_inspector_id", "该人员已停用");
    if (n->text(0, 1) < today()) problems.add("to_inspector_id", "该人员执法证已过期");
    if (!store::Scope{false, n->text(0, 3)}.contains(rows->text(0, 2))) problems.add("to_inspector_id", "该人员的辖区不包含本对象");
    if (slot == 0 && n->integer(0, 2) != rows->integer(0, 4)) problems.add("to_inspector_id", "第一执法人员须为牵头部门持证人员");
    auto dup = c.query("SELECT 1 FROM task_inspectors WHERE task_id = $1 AND inspector_id = $2 AND ended_at IS NULL", {task_id, *to});
    if (!dup.ok()) return dup.error();
    if (!dup->empty()) problems.add("to_inspector_id", "该人员已在本任务中");
    auto conflict = c.query("SELECT reason FROM inspector_conflicts WHERE inspector_id = $1 AND institution_id = $2", {*to, rows->integer(0, 3)});
    if (!conflict.ok()) return conflict.error();
    if (!conflict->empty()) problems.add("to_inspector_id", "该人员与对象存在利害关系须回避：" + conflict->text(0, 0));
    WJ_TRY(problems.finish());
    const std::string now = utc_now_iso();
    WJ_TRY(c.exec("UPDATE task_inspectors SET ended_at = $1, end_reason = $2 WHERE id = $3", {now, *reason, cur->integer(0, 0)}));
    WJ_TRY(c.exec("INSERT INTO task_inspectors (task_id, inspector_id, slot, source, assigned_at) VALUES ($1,$2,$3,'reassign',$4)",
                  {task_id, *to, slot, now}));
    return record(c, db_.engine(),
                                 p.event("inspection.reassign", "inspection_task", std::to_string(task_id), rows->text(0, 2),
                                         {{"from_inspector_id", *from}, {"to_inspector_id", *to}, {"reason", *reason}}));
  });
  if (!st.ok()) return st.error();
  return get_task(p, task_id);
}

Result<Json> InspectionService::publish(const Principal& p, std::int64_t task_id) {
  Status st = db_.transaction([&](Conn& c) -> Status {
    auto rows = store::scoped_row(c, p.scope(), "SELECT t.id, t.status, t.jurisdiction_path, t.publish_due_on FROM inspection_tasks t", "t.jurisdiction_path",
                           "t.id", task_id);
    if (!rows.ok()) return rows.error();
    if (rows->empty()) return not_found("抽查任务");
    if (rows->text(0, 1) != "submitted") return errors::conflict(rows->text(0, 1) == "published" ? "结果已公示。" : "尚未录入检查结果，不能公示。");
    const std::string on = today();
    WJ_TRY(c.exec("UPDATE inspection_tasks SET status = 'published', published_on = $1, published_by = $2 WHERE id = $3", {on, p.user_id, task_id}));
    return record(c, db_.engine(),
                                 p.event("inspection.publish", "inspection_task", std::to_string(task_id), rows->text(0, 2),
                                         {{"published_on", on}, {"publish_due_on", rows->text(0, 3)}, {"late", rows->text(0, 3) < on}}));
  });
  if (!st.ok()) return st.error();
  return get_task(p, task_id);
}

Result<Json> InspectionService::publish_plan(const Principal& p, std::int64_t plan_id) {
  std::int64_t count = 0;
  Status st = db_.transaction([&](Conn& c) -> Status {
    auto plan = store::scoped_row(c, p.scope(), "SELECT p.id, p.jurisdiction_path FROM sampling_plans p", "p.jurisdiction_path", "p.id", plan_id);
    if (!plan.ok()) return plan.error();
    if (plan->empty()) return not_found("抽查计划");
    // Only the tasks within the caller's scope: a district head publishes the district's results.
    auto tasks = store::Query::scoped(p.scope(), "SELECT t.id FROM inspection_tasks t", "t.jurisdiction_path")
                     .where("t.plan_id = ?", plan_id)
                     .where("t.status = ?", std::string("submitted"))
                     .all(c);
    if (!tasks.ok()) return tasks.error();
    const std::string on = today();
    for (std::size_t i = 0; i < tasks->size(); ++i)
      WJ_TRY(c.exec("UPDATE inspection_tasks SET status = 'published', published_on = $1, published_by = $2 WHERE id = $3",
                    {on, p.user_id, tasks->integer(i, 0)}));
    count = static_cast<std::int64_t>(tasks->size());
    return record(c, db_.engine(),
                                 p.event("inspection.publish_plan", "sampling_plan", std::to_string(plan_id), plan->text(0, 1),
                                         {{"published", count}, {"published_on", on}}));
  });
  if (!st.ok()) return st.error();
  return Json{{"plan_id", plan_id}, {"published", count}};
}

// ======================= statistics =======================

Result<Json> InspectionService::stats(const Principal& p, int year) {
  auto lease = db_.acquire();
  if (!lease.ok()) return lease.error();
  Conn& c = **lease;
  const std::string now = today();
  auto base = [&](const std::string& select) {
    auto q = store::Query::scoped(p.scope(), select, "t.jurisdiction_path");
    if (year > 0) q.where("p.year = ?", static_cast<std::int64_t>(year));
    return q;
  };
  const std::string counts =
      "count(*), sum(CASE WHEN t.status <> 'assigned' THEN 1 ELSE 0 END), sum(CASE WHEN t.status = 'published' THEN 1 ELSE 0 END), "
      "sum(CASE WHEN t.status = 'published' AND t.published_on <= t.publish_due_on THEN 1 ELSE 0 END), "
      "sum(CASE WHEN t.outcome = 'problem' THEN 1 ELSE 0 END)";
  auto row_json = [](const Rows& r, std::size_t i, std::size_t at) {
    const std::int64_t total = r.integer(i, at), done = r.integer(i, at + 1), published = r.integer(i, at + 2);
    return Json{{"tasks", total},
                {"done", done},
                {"published", published},
                {"published_on_time", r.integer(i, at + 3)},
                {"problems", r.integer(i, at + 4)},
                {"completion_rate", total ? static_cast<double>(done) / static_cast<double>(total) : 0.0},
                {"publication_rate", done ? static_cast<double>(published) / static_cast<double>(done) : 0.0}};
  };
  Json out;
  auto total = base("SELECT " + counts + " FROM inspection_tasks t JOIN sampling_plans p ON p.id = t.plan_id").all(c);
  if (!total.ok()) return total.error();
  out["total"] = row_json(*total, 0, 0);
  // By grade: drawn against the frozen populations of the same plans.
  auto by_grade = base("SELECT t.grade, " + counts + " FROM inspection_tasks t JOIN sampling_plans p ON p.id = t.plan_id")
                      .group_by("t.grade")
                      .order_by("t.grade")
                      .all(c);
  if (!by_grade.ok()) return by_grade.error();
  auto pop = store::Query::scoped(p.scope(), "SELECT dp.grade, count(*) FROM draw_population dp JOIN draws d ON d.id = dp.draw_id "
                                              "JOIN sampling_plans p ON p.id = d.plan_id",
                                  "dp.jurisdiction_path");
  pop.where_raw("d.drawn_at IS NOT NULL");  // frozen-only or cancelled plans drew nobody
  if (year > 0) pop.where("p.year = ?", static_cast<std::int64_t>(year));
  auto pop_rows = pop.group_by("dp.grade").all(c);
  if (!pop_rows.ok()) return pop_rows.error();
  std::map<std::string, std::int64_t> population;
  for (std::size_t i = 0; i < pop_rows->size(); ++i) population[pop_rows->text(i, 0)] = pop_rows->integer(i, 1);
  out["by_grade"] = Json::array();
  for (std::size_t i = 0; i < by_grade->size(); ++i) {
    Json g = row_json(*by_grade, i, 1);
    g["grade"] = by_grade->text(i, 0);
    g["population"] = population[by_grade->text(i, 0)];
    g["coverage"] = g["population"].get<std::int64_t>() ? g["tasks"].get<double>() / g["population"].get<double>() : 0.0;
    out["by_grade"].push_back(g);
  }
  // By district: the district whose path the task's path starts with.
  auto districts = base("SELECT dj.name, " + counts + " FROM inspection_tasks t JOIN sampling_plans p ON p.id = t.plan_id "
                        "JOIN jurisdictions dj ON dj.level = 'district' AND t.jurisdiction_path LIKE dj.path || '%'")
                       .group_by("dj.name")
                       .order_by("dj.name")
                       .all(c);
  if (!districts.ok()) return districts.error();
  out["by_district"] = Json::array();
  for (std::size_t i = 0; i < districts->size(); ++i) {
    Json d = row_json(*districts, i, 1);
    d["district"] = districts->text(i, 0);
    out["by_district"].push_back(d);
  }
  // By item: every item of each task's plan.
  auto items = base("SELECT it.code, it.name, " + counts + " FROM inspection_tasks t JOIN sampling_plans p ON p.id = t.plan_id "
                    "JOIN plan_items pi ON pi.plan_id = t.plan_id JOIN inspection_items it ON it.id = pi.item_id")
                   .group_by("it.code, it.name")
                   .order_by("it.code")
                   .all(c);
  if (!items.ok()) return items.error();
  out["by_item"] = Json::array();
  for (std::size_t i = 0; i < items->size(); ++i) {
    Json d = row_json(*items, i, 2);
    d["code"] = items->text(i, 0);
    d["name"] = items->text(i, 1);
    out["by_item"].push_back(d);
  }
  auto overdue = base("SELECT count(*) FROM inspection_tasks t JOIN sampling_plans p ON p.id = t.plan_id")
                     .where("t.status = 'submitted' AND t.publish_due_on < ?", now)
                     .all(c);
  if (!overdue.ok()) return overdue.error();
  out["publication_overdue"] = overdue->integer(0, 0);
  // Joint cross-department plans drawn in the year, against the yearly minimum.
  auto joint = store::Query::scoped(p.scope(), "SELECT count(*) FROM sampling_plans p", "p.jurisdiction_path")
                   .where_raw("p.status = 'drawn' AND p.joint_departments <> ''");
  if (year > 0) joint.where("p.year = ?", static_cast<std::int64_t>(year));
  auto joint_rows = joint.all(c);
  if (!joint_rows.ok()) return joint_rows.error();
  out["joint_plans"] = joint_rows->integer(0, 0);
  out["joint_plans_required"] = rules_.joint_plans_per_year;
  out["year"] = year;
  return out;
}

// ======================= public portal =======================

Result<Json> InspectionService::public_plans(int page, int page_size) {
  auto lease = db_.acquire();
  if (!lease.ok()) return lease.error();
  auto q = store::Query::unscoped(std::string(kPlanSelect) + " LEFT JOIN draws dr ON dr.plan_id = p.id");
  q.where_raw("p.status IN ('frozen', 'drawn')");
  q.order_by("p.id DESC");
  auto pg = q.page(**lease, page, std::min(page_size, 50));
  if (!pg.ok()) return pg.error();
  Json out = page_json(*pg, [](const Rows& r, std::size_t i) {
    Json full = plan_json(r, i);
    return Json{{"id", full["id"]}, {"title", full["title"]}, {"year", full["year"]}, {"period_start", full["period_start"]},
                {"period_end", full["period_end"]}, {"lead_department_name", full["lead_department_name"]},
                {"joint_departments", full["joint_departments"]}, {"scope_jurisdiction_name", full["scope_jurisdiction_name"]},
                {"ratios_percent", full["ratios_percent"]}, {"status", full["status"]}, {"status_label", full["status_label"]}};
  });
  WJ_TRY(complete_plans(**lease, out["items"], false, true));
  for (auto& plan : out["items"]) {
    Json names = Json::array();
    for (const auto& it : plan["items"]) names.push_back(it["name"]);
    plan["items"] = names;
  }
  return out;
}

Result<Json> InspectionService::public_results(const std::string& q_text, std::int64_t plan_id, int page, int page_size) {
  auto lease = db_.acquire();
  if (!lease.ok()) return lease.error();
  auto q = store::Query::unscoped(kTaskSelect);
  q.where("t.status = ?", std::string("published"));
  q.search({"i.name", "t.target_id"}, q_text);
  if (plan_id > 0) q.where("t.plan_id = ?", plan_id);
  q.order_by("t.published_on DESC, t.id");
  auto pg = q.page(**lease, page, std::min(page_size, 50));
  if (!pg.ok()) return pg.error();
  const std::string now = today();
  return page_json(*pg, [&](const Rows& r, std::size_t i) {
    Json t = task_json(r, i, now);
    return Json{{"id", t["id"]},
                {"plan_id", t["plan_id"]},
                {"plan_title", t["plan_title"]},
                {"institution_name", t["institution_name"]},
                {"target_id", t["target_id"]},
                {"category_label", t["category_label"]},
                {"jurisdiction_name", t["jurisdiction_name"]},
                {"inspected_on", t["inspected_on"]},
                {"outcome", t["outcome"]},
                {"outcome_label", t["outcome_label"]},
                {"findings", t["findings"]},
                {"published_on", t["published_on"]}};
  });
}

}  // namespace weijian::inspection
