// Sampling plans (抽查计划) and their task counts.
#include "inspection/store.h"
#include "inspection/store_util.h"

namespace weijian::inspection::plan_store {
namespace {

constexpr const char* kSelect =
    "SELECT p.id, p.title, p.year, p.period_start, p.period_end, p.lead_department_id, p.joint_departments, p.categories, "
    "p.ownership, p.scope_jurisdiction_id, p.jurisdiction_path, p.params, p.status, p.created_by, p.created_at, p.updated_at "
    "FROM sampling_plans p";

Plan from(const store::Row& r) {
  Plan p;
  p.id = r.integer("id");
  p.title = r.text("title");
  p.year = r.integer("year");
  p.period_start = r.text("period_start");
  p.period_end = r.text("period_end");
  p.lead_department_id = r.integer("lead_department_id");
  p.joint_departments = r.text("joint_departments");
  p.categories = r.text("categories");
  p.ownership = r.text("ownership");
  p.scope_jurisdiction_id = r.integer("scope_jurisdiction_id");
  p.jurisdiction_path = r.text("jurisdiction_path");
  p.params = r.text("params");
  p.status = r.text("status");
  p.created_by = r.integer("created_by");
  p.created_at = r.text("created_at");
  p.updated_at = r.text("updated_at");
  return p;
}

Result<std::optional<Plan>> first(Result<store::Rows> rows) {
  if (!rows.ok()) return rows.error();
  return store::first_row(*rows, from);
}

TaskCounts counts_from(const store::Row& r) { return {r.integer("tasks"), r.integer("done"), r.integer("published")}; }

constexpr const char* kCounts =
    "count(*) AS tasks, sum(CASE WHEN status <> 'assigned' THEN 1 ELSE 0 END) AS done, "
    "sum(CASE WHEN status = 'published' THEN 1 ELSE 0 END) AS published";

}  // namespace

Result<std::optional<Plan>> find(store::Conn& c, const store::Scope& scope, std::int64_t id) {
  return first(store::scoped_row(c, scope, kSelect, "p.jurisdiction_path", "p.id", id));
}

Result<std::optional<Plan>> find_public(store::Conn& c, std::int64_t id) {
  return first(c.query(std::string(kSelect) + " WHERE p.id = $1 AND p.status IN ('frozen', 'drawn')", {id}));
}

Result<std::optional<Plan>> find_public_above(store::Conn& c, std::int64_t id, const std::string& path) {
  return first(c.query(std::string(kSelect) + " WHERE p.id = $1 AND p.status IN ('frozen', 'drawn') AND $2 LIKE p.jurisdiction_path || '%'",
                       {id, path}));
}

Result<store::PageOf<Plan>> page(store::Conn& c, const store::Scope& scope, const PlanFilter& f, int page, int page_size) {
  auto q = store::Query::scoped(scope, kSelect, "p.jurisdiction_path");
  q.search({"p.title"}, f.q);
  if (!f.status.empty()) q.where("p.status = ?", f.status);
  if (f.year > 0) q.where("p.year = ?", static_cast<std::int64_t>(f.year));
  q.order_by("p.id DESC");
  auto pg = q.page(c, page, page_size);
  if (!pg.ok()) return pg.error();
  return store::map_page(*pg, from);
}

Result<store::PageOf<Plan>> public_page(store::Conn& c, int page, int page_size) {
  auto q = store::Query::unscoped(kSelect);
  q.where_raw("p.status IN ('frozen', 'drawn')");
  q.order_by("p.id DESC");
  auto pg = q.page(c, page, page_size);
  if (!pg.ok()) return pg.error();
  return store::map_page(*pg, from);
}

namespace {
Status set_items(store::Conn& c, std::int64_t plan_id, const std::vector<std::int64_t>& item_ids) {
  for (auto item : item_ids) WJ_TRY(c.exec("INSERT INTO plan_items (plan_id, item_id) VALUES ($1, $2)", {plan_id, item}));
  return {};
}
}  // namespace

Result<std::int64_t> insert(store::Conn& c, const Plan& p, const std::vector<std::int64_t>& item_ids) {
  auto id = c.query("INSERT INTO sampling_plans (title, year, period_start, period_end, lead_department_id, joint_departments, "
                    "categories, ownership, scope_jurisdiction_id, jurisdiction_path, params, status, created_by, created_at, "
                    "updated_at) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,'draft',$12,$13,$13) RETURNING id",
                    {p.title, p.year, p.period_start, p.period_end, p.lead_department_id, p.joint_departments, p.categories, p.ownership,
                     p.scope_jurisdiction_id, p.jurisdiction_path, p.params, p.created_by, p.created_at});
  if (!id.ok()) return id.error();
  const std::int64_t plan_id = id->row(0).integer("id");
  WJ_TRY(set_items(c, plan_id, item_ids));
  return plan_id;
}

Status update(store::Conn& c, const Plan& p, const std::vector<std::int64_t>& item_ids) {
  WJ_TRY(c.exec("UPDATE sampling_plans SET title=$1, year=$2, period_start=$3, period_end=$4, lead_department_id=$5, "
                "joint_departments=$6, categories=$7, ownership=$8, scope_jurisdiction_id=$9, jurisdiction_path=$10, params=$11, "
                "updated_at=$12 WHERE id=$13",
                {p.title, p.year, p.period_start, p.period_end, p.lead_department_id, p.joint_departments, p.categories, p.ownership,
                 p.scope_jurisdiction_id, p.jurisdiction_path, p.params, p.updated_at, p.id}));
  WJ_TRY(c.exec("DELETE FROM plan_items WHERE plan_id = $1", {p.id}));
  return set_items(c, p.id, item_ids);
}

Status set_status(store::Conn& c, std::int64_t id, const std::string& status, const std::string& now) {
  auto u = c.exec("UPDATE sampling_plans SET status = $1, updated_at = $2 WHERE id = $3", {status, now, id});
  return u.ok() ? Status() : Status(u.error());
}

Result<std::map<std::int64_t, TaskCounts>> task_counts(store::Conn& c, const std::vector<std::int64_t>& plan_ids) {
  std::map<std::int64_t, TaskCounts> out;
  if (plan_ids.empty()) return out;
  store::Params ids;
  const std::string in = in_list(plan_ids, ids);
  auto rows = c.query(std::string("SELECT plan_id, ") + kCounts + " FROM inspection_tasks WHERE plan_id IN (" + in + ") GROUP BY plan_id", ids);
  if (!rows.ok()) return rows.error();
  for (std::size_t i = 0; i < rows->size(); ++i) out[rows->row(i).integer("plan_id")] = counts_from(rows->row(i));
  return out;
}

Result<std::vector<std::pair<std::string, TaskCounts>>> task_counts_by_grade(store::Conn& c, std::int64_t plan_id) {
  auto rows = c.query(std::string("SELECT grade, ") + kCounts + " FROM inspection_tasks WHERE plan_id = $1 GROUP BY grade ORDER BY grade",
                      {plan_id});
  if (!rows.ok()) return rows.error();
  return store::map_rows(*rows, [](const store::Row& r) { return std::make_pair(r.text("grade"), counts_from(r)); });
}

Result<std::int64_t> count_joint_drawn(store::Conn& c, const store::Scope& scope, int year) {
  auto q = store::Query::scoped(scope, "SELECT count(*) AS n FROM sampling_plans p", "p.jurisdiction_path")
               .where_raw("p.status = 'drawn' AND p.joint_departments <> ''");
  if (year > 0) q.where("p.year = ?", static_cast<std::int64_t>(year));
  auto rows = q.all(c);
  if (!rows.ok()) return rows.error();
  return rows->row(0).integer("n");
}

}  // namespace weijian::inspection::plan_store
