// Tasks (抽查任务), their inspectors and photos; the statistics over them; and the facts other
// modules are given about them (inspection/findings.h).
#include <algorithm>

#include "inspection/findings.h"
#include "inspection/store.h"
#include "inspection/store_util.h"

namespace weijian::inspection {
namespace {

constexpr const char* kFrom = " FROM inspection_tasks t JOIN sampling_plans p ON p.id = t.plan_id";
constexpr const char* kColumns =
    "SELECT t.id, t.plan_id, p.title AS plan_title, t.draw_id, t.institution_id, t.target_id, t.grade, t.rank, t.jurisdiction_path, "
    "t.due_on, t.status, t.outcome, t.findings, t.enforcement_lead, t.inspected_on, t.submitted_at, t.publish_due_on, t.published_on, "
    "t.created_at";

Task task_from(const store::Row& r) {
  Task t;
  t.id = r.integer("id");
  t.plan_id = r.integer("plan_id");
  t.plan_title = r.text("plan_title");
  t.draw_id = r.integer("draw_id");
  t.institution_id = r.integer("institution_id");
  t.target_id = r.text("target_id");
  t.grade = r.text("grade");
  t.rank = r.integer("rank");
  t.jurisdiction_path = r.text("jurisdiction_path");
  t.due_on = r.text("due_on");
  t.status = r.text("status");
  t.outcome = r.maybe_text("outcome");
  t.findings = r.text("findings");
  t.enforcement_lead = r.flag("enforcement_lead");
  t.inspected_on = r.text("inspected_on");
  t.submitted_at = r.text("submitted_at");
  t.publish_due_on = r.text("publish_due_on");
  t.published_on = r.text("published_on");
  t.created_at = r.text("created_at");
  return t;
}

TaskInspector inspector_from(const store::Row& r) {
  return {r.integer("id"),        r.integer("task_id"),     r.integer("inspector_id"), r.integer("slot"),
          r.text("source"),       r.text("assigned_at"),    r.maybe_text("ended_at"),  r.text("end_reason")};
}

// A WHERE clause with numbered parameters: the task list's search is an OR over a list of ids,
// which store::Query (one parameter per condition) cannot say.
struct Where {
  std::string sql;
  store::Params params;
  std::string arg(store::Value v) {
    params.push_back(std::move(v));
    return "$" + std::to_string(params.size());
  }
  void add(const std::string& cond) { sql += (sql.empty() ? " WHERE (" : " AND (") + cond + ")"; }
};

Where where_of(const TaskQuery& q) {
  Where w;
  if (!q.scope.unrestricted) {
    // An empty path would match everything: a restricted scope without a territory sees nothing.
    if (q.scope.jurisdiction_path.empty()) w.add("1 = 0");
    else w.add("t.jurisdiction_path LIKE " + w.arg(store::like_escape(q.scope.jurisdiction_path) + "%") + " ESCAPE '\\'");
  }
  if (!q.q.empty()) {
    const std::string pattern = w.arg("%" + store::like_escape(q.q) + "%");
    std::string cond = "LOWER(t.target_id) LIKE LOWER(" + pattern + ") ESCAPE '\\'";
    if (q.search_title) cond += " OR LOWER(p.title) LIKE LOWER(" + pattern + ") ESCAPE '\\'";
    if (!q.named.empty()) cond += " OR t.institution_id IN (" + in_list(q.named, w.params) + ")";
    w.add(cond);
  }
  if (q.plan_id > 0) w.add("t.plan_id = " + w.arg(q.plan_id));
  if (!q.status.empty()) w.add("t.status = " + w.arg(q.status));
  if (!q.outcome.empty()) w.add("t.outcome = " + w.arg(q.outcome));
  if (!q.grade.empty()) w.add("t.grade = " + w.arg(q.grade));
  if (q.under_path) {
    if (q.under_path->empty()) w.add("1 = 0");  // a jurisdiction that does not exist holds no task
    else w.add("t.jurisdiction_path LIKE " + w.arg(*q.under_path) + " || '%'");
  }
  if (q.inspectors) {
    if (q.inspectors->empty()) w.add("1 = 0");
    else
      w.add("t.id IN (SELECT ti.task_id FROM task_inspectors ti WHERE ti.ended_at IS NULL AND ti.inspector_id IN (" +
            in_list(*q.inspectors, w.params) + "))");
  }
  if (!q.publication_overdue_on.empty()) w.add("t.status = 'submitted' AND t.publish_due_on < " + w.arg(q.publication_overdue_on));
  return w;
}

const char* order_of(const TaskQuery& q) { return q.public_order ? " ORDER BY t.published_on DESC, t.id" : " ORDER BY t.plan_id DESC, t.rank"; }

constexpr const char* kCounts =
    "count(*) AS tasks, sum(CASE WHEN t.status <> 'assigned' THEN 1 ELSE 0 END) AS done, "
    "sum(CASE WHEN t.status = 'published' THEN 1 ELSE 0 END) AS published, "
    "sum(CASE WHEN t.status = 'published' AND t.published_on <= t.publish_due_on THEN 1 ELSE 0 END) AS on_time, "
    "sum(CASE WHEN t.outcome = 'problem' THEN 1 ELSE 0 END) AS problems";

TaskStats stats_from(const store::Row& r) {
  return {{r.integer("tasks"), r.integer("done"), r.integer("published")}, r.integer("on_time"), r.integer("problems")};
}

store::Query stats_query(const store::Scope& scope, int year, const std::string& select) {
  auto q = store::Query::scoped(scope, select + kFrom, "t.jurisdiction_path");
  if (year > 0) q.where("p.year = ?", static_cast<std::int64_t>(year));
  return q;
}

Status done(const Result<std::int64_t>& r) { return r.ok() ? Status() : Status(r.error()); }

}  // namespace

namespace task_store {

Result<std::optional<Task>> find(store::Conn& c, const store::Scope& scope, std::int64_t id) {
  auto rows = store::scoped_row(c, scope, std::string(kColumns) + kFrom, "t.jurisdiction_path", "t.id", id);
  if (!rows.ok()) return rows.error();
  return store::first_row(*rows, task_from);
}

Result<store::PageOf<Task>> page(store::Conn& c, const TaskQuery& q, int page, int page_size) {
  const Where w = where_of(q);
  store::PageOf<Task> out;
  out.page = std::max(1, page);
  out.page_size = std::clamp(page_size, 1, 500);
  auto count = c.query(std::string("SELECT count(*) AS n") + kFrom + w.sql, w.params);
  if (!count.ok()) return count.error();
  out.total = count->row(0).integer("n");
  store::Params params = w.params;
  params.emplace_back(std::int64_t{out.page_size});
  params.emplace_back(std::int64_t{(out.page - 1) * out.page_size});
  const std::string limit = " LIMIT $" + std::to_string(params.size() - 1) + " OFFSET $" + std::to_string(params.size());
  auto rows = c.query(std::string(kColumns) + kFrom + w.sql + order_of(q) + limit, params);
  if (!rows.ok()) return rows.error();
  out.items = store::map_rows(*rows, task_from);
  return out;
}

Result<std::vector<Task>> all(store::Conn& c, const TaskQuery& q) {
  const Where w = where_of(q);
  auto rows = c.query(std::string(kColumns) + kFrom + w.sql + order_of(q), w.params);
  if (!rows.ok()) return rows.error();
  return store::map_rows(*rows, task_from);
}

Result<std::vector<std::int64_t>> ids_of_plan(store::Conn& c, const store::Scope& scope, std::int64_t plan_id, const std::string& status) {
  auto rows = store::Query::scoped(scope, "SELECT t.id FROM inspection_tasks t", "t.jurisdiction_path")
                  .where("t.plan_id = ?", plan_id)
                  .where("t.status = ?", status)
                  .all(c);
  if (!rows.ok()) return rows.error();
  return store::map_rows(*rows, [](const store::Row& r) { return r.integer("id"); });
}

Result<std::int64_t> insert(store::Conn& c, const NewTask& t, const std::string& now) {
  auto id = c.query("INSERT INTO inspection_tasks (plan_id, draw_id, institution_id, target_id, grade, rank, jurisdiction_path, due_on, "
                    "status, findings, enforcement_lead, created_at) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,'assigned','',0,$9) RETURNING id",
                    {t.plan_id, t.draw_id, t.institution_id, t.target_id, t.grade, t.rank, t.jurisdiction_path, t.due_on, now});
  if (!id.ok()) return id.error();
  return id->row(0).integer("id");
}

Status submit(store::Conn& c, std::int64_t id, const std::string& outcome, const std::string& findings, bool enforcement_lead,
              const std::string& inspected_on, std::int64_t by, const std::string& at, const std::string& publish_due_on) {
  return done(c.exec("UPDATE inspection_tasks SET status = 'submitted', outcome = $1, findings = $2, enforcement_lead = $3, inspected_on = $4, "
                     "submitted_by = $5, submitted_at = $6, publish_due_on = $7 WHERE id = $8",
                     {outcome, findings, std::int64_t{enforcement_lead ? 1 : 0}, inspected_on, by, at, publish_due_on, id}));
}

Status publish(store::Conn& c, std::int64_t id, const std::string& on, std::int64_t by) {
  return done(c.exec("UPDATE inspection_tasks SET status = 'published', published_on = $1, published_by = $2 WHERE id = $3", {on, by, id}));
}

Result<std::vector<std::int64_t>> institutions_drawn_since(store::Conn& c, std::int64_t item_id, const std::string& since) {
  auto rows = c.query("SELECT DISTINCT t.institution_id FROM inspection_tasks t JOIN plan_items pi ON pi.plan_id = t.plan_id "
                      "WHERE pi.item_id = $1 AND t.created_at >= $2",
                      {item_id, since});
  if (!rows.ok()) return rows.error();
  return store::map_rows(*rows, [](const store::Row& r) { return r.integer("institution_id"); });
}

Result<std::map<std::int64_t, std::int64_t>> problem_findings(store::Conn& c, const std::string& path_prefix, const std::string& since) {
  auto rows = c.query("SELECT institution_id, count(*) AS n FROM inspection_tasks WHERE outcome = 'problem' AND inspected_on >= $1 "
                      "AND jurisdiction_path LIKE $2 ESCAPE '\\' GROUP BY institution_id",
                      {since, store::like_escape(path_prefix) + "%"});
  if (!rows.ok()) return rows.error();
  std::map<std::int64_t, std::int64_t> out;
  for (std::size_t i = 0; i < rows->size(); ++i) out[rows->row(i).integer("institution_id")] = rows->row(i).integer("n");
  return out;
}

Result<std::vector<TaskInspector>> inspectors(store::Conn& c, std::int64_t task_id) {
  auto rows = c.query("SELECT id, task_id, inspector_id, slot, source, assigned_at, ended_at, end_reason FROM task_inspectors "
                      "WHERE task_id = $1 ORDER BY slot, id",
                      {task_id});
  if (!rows.ok()) return rows.error();
  return store::map_rows(*rows, inspector_from);
}

Result<std::vector<TaskInspector>> current_inspectors(store::Conn& c, const std::vector<std::int64_t>& task_ids) {
  if (task_ids.empty()) return std::vector<TaskInspector>{};
  store::Params ids;
  const std::string in = in_list(task_ids, ids);
  auto rows = c.query("SELECT id, task_id, inspector_id, slot, source, assigned_at, ended_at, end_reason FROM task_inspectors "
                      "WHERE ended_at IS NULL AND task_id IN (" + in + ") ORDER BY task_id, slot",
                      ids);
  if (!rows.ok()) return rows.error();
  return store::map_rows(*rows, inspector_from);
}

Result<std::optional<TaskInspector>> current_assignment(store::Conn& c, std::int64_t task_id, std::int64_t inspector_id) {
  auto rows = c.query("SELECT id, task_id, inspector_id, slot, source, assigned_at, ended_at, end_reason FROM task_inspectors "
                      "WHERE task_id = $1 AND inspector_id = $2 AND ended_at IS NULL",
                      {task_id, inspector_id});
  if (!rows.ok()) return rows.error();
  return store::first_row(*rows, inspector_from);
}

Result<bool> assigned_to_any(store::Conn& c, std::int64_t task_id, const std::vector<std::int64_t>& inspector_ids) {
  if (inspector_ids.empty()) return false;
  store::Params params{task_id};
  const std::string in = in_list(inspector_ids, params);
  auto rows = c.query("SELECT 1 AS found FROM task_inspectors WHERE task_id = $1 AND ended_at IS NULL AND inspector_id IN (" + in + ")", params);
  if (!rows.ok()) return rows.error();
  return !rows->empty();
}

Status assign(store::Conn& c, std::int64_t task_id, std::int64_t inspector_id, std::int64_t slot, const std::string& source,
              const std::string& at) {
  return done(c.exec("INSERT INTO task_inspectors (task_id, inspector_id, slot, source, assigned_at) VALUES ($1,$2,$3,$4,$5)",
                     {task_id, inspector_id, slot, source, at}));
}

Status end_assignment(store::Conn& c, std::int64_t assignment_id, const std::string& at, const std::string& reason) {
  return done(c.exec("UPDATE task_inspectors SET ended_at = $1, end_reason = $2 WHERE id = $3", {at, reason, assignment_id}));
}

Result<std::map<std::int64_t, std::int64_t>> open_loads(store::Conn& c) {
  auto rows = c.query("SELECT ti.inspector_id, count(*) AS n FROM task_inspectors ti JOIN inspection_tasks t ON t.id = ti.task_id "
                      "WHERE ti.ended_at IS NULL AND t.status = 'assigned' GROUP BY ti.inspector_id");
  if (!rows.ok()) return rows.error();
  std::map<std::int64_t, std::int64_t> out;
  for (std::size_t i = 0; i < rows->size(); ++i) out[rows->row(i).integer("inspector_id")] = rows->row(i).integer("n");
  return out;
}

Result<std::vector<std::pair<std::int64_t, std::int64_t>>> latest_inspectors(store::Conn& c) {
  auto rows = c.query("SELECT ti.inspector_id, t.institution_id FROM task_inspectors ti JOIN inspection_tasks t ON t.id = ti.task_id "
                      "WHERE ti.ended_at IS NULL AND t.id = (SELECT max(t2.id) FROM inspection_tasks t2 WHERE t2.institution_id = t.institution_id)");
  if (!rows.ok()) return rows.error();
  return store::map_rows(*rows, [](const store::Row& r) { return std::make_pair(r.integer("inspector_id"), r.integer("institution_id")); });
}

Result<std::vector<std::tuple<std::string, std::string, std::int64_t>>> drawn_assignments(store::Conn& c, std::int64_t plan_id) {
  auto rows = c.query("SELECT t.target_id, t.grade, ti.inspector_id FROM inspection_tasks t JOIN task_inspectors ti ON ti.task_id = t.id "
                      "AND ti.source = 'draw' WHERE t.plan_id = $1 ORDER BY t.rank, ti.slot",
                      {plan_id});
  if (!rows.ok()) return rows.error();
  return store::map_rows(*rows, [](const store::Row& r) {
    return std::make_tuple(r.text("target_id"), r.text("grade"), r.integer("inspector_id"));
  });
}

Result<std::vector<TaskPhoto>> photos(store::Conn& c, std::int64_t task_id) {
  auto rows = c.query("SELECT id, task_id, file_name, content_type, size, sm3, uploaded_at FROM task_photos WHERE task_id = $1 ORDER BY id",
                      {task_id});
  if (!rows.ok()) return rows.error();
  return store::map_rows(*rows, [](const store::Row& r) {
    return TaskPhoto{r.integer("id"),   r.integer("task_id"), r.text("file_name"),  r.text("content_type"),
                     r.integer("size"), r.text("sm3"),        r.text("uploaded_at")};
  });
}

Result<std::optional<PhotoData>> photo_data(store::Conn& c, std::int64_t task_id, std::int64_t photo_id) {
  auto rows = c.query("SELECT content_type, data FROM task_photos WHERE id = $1 AND task_id = $2", {photo_id, task_id});
  if (!rows.ok()) return rows.error();
  if (rows->empty()) return std::optional<PhotoData>();
  // The engines give the bytes back as a Blob (or, from an old row, as text).
  const auto& v = rows->rows[0][rows->col("data")];
  return std::optional<PhotoData>(PhotoData{rows->row(0).text("content_type"),
                                            std::holds_alternative<store::Blob>(v) ? std::get<store::Blob>(v).bytes : rows->row(0).text("data")});
}

Result<std::int64_t> add_photo(store::Conn& c, const TaskPhoto& ph, const std::string& bytes, std::int64_t by) {
  auto id = c.query("INSERT INTO task_photos (task_id, sm3, file_name, content_type, size, data, uploaded_by, uploaded_at) "
                    "VALUES ($1,$2,$3,$4,$5,$6,$7,$8) RETURNING id",
                    {ph.task_id, ph.sm3, ph.file_name, ph.content_type, ph.size, store::Blob{bytes}, by, ph.uploaded_at});
  if (!id.ok()) return id.error();
  return id->row(0).integer("id");
}

Result<TaskStats> stats(store::Conn& c, const store::Scope& scope, int year, const std::string& under_path) {
  auto q = stats_query(scope, year, std::string("SELECT ") + kCounts);
  if (!under_path.empty()) q.where("t.jurisdiction_path LIKE ? || '%'", under_path);
  auto rows = q.all(c);
  if (!rows.ok()) return rows.error();
  return stats_from(rows->row(0));
}

Result<std::vector<std::pair<std::string, TaskStats>>> stats_by_grade(store::Conn& c, const store::Scope& scope, int year) {
  auto rows = stats_query(scope, year, std::string("SELECT t.grade, ") + kCounts).group_by("t.grade").order_by("t.grade").all(c);
  if (!rows.ok()) return rows.error();
  return store::map_rows(*rows, [](const store::Row& r) { return std::make_pair(r.text("grade"), stats_from(r)); });
}

Result<std::vector<std::tuple<std::string, std::string, TaskStats>>> stats_by_item(store::Conn& c, const store::Scope& scope, int year) {
  auto q = store::Query::scoped(scope,
                                std::string("SELECT it.code, it.name, ") + kCounts + kFrom +
                                    " JOIN plan_items pi ON pi.plan_id = t.plan_id JOIN inspection_items it ON it.id = pi.item_id",
                                "t.jurisdiction_path");
  if (year > 0) q.where("p.year = ?", static_cast<std::int64_t>(year));
  auto rows = q.group_by("it.code, it.name").order_by("it.code").all(c);
  if (!rows.ok()) return rows.error();
  return store::map_rows(*rows, [](const store::Row& r) { return std::make_tuple(r.text("code"), r.text("name"), stats_from(r)); });
}

Result<std::int64_t> count_publication_overdue(store::Conn& c, const store::Scope& scope, int year, const std::string& today) {
  auto rows = stats_query(scope, year, "SELECT count(*) AS n").where("t.status = 'submitted' AND t.publish_due_on < ?", today).all(c);
  if (!rows.ok()) return rows.error();
  return rows->row(0).integer("n");
}

}  // namespace task_store

Result<std::optional<TaskFinding>> task_finding(store::Conn& c, std::int64_t task_id) {
  auto rows = c.query("SELECT id, institution_id, outcome, status FROM inspection_tasks WHERE id = $1", {task_id});
  if (!rows.ok()) return rows.error();
  return store::first_row(*rows, [](const store::Row& r) {
    return TaskFinding{r.integer("id"), r.integer("institution_id"), r.text("outcome"), r.text("status")};
  });
}

Result<std::vector<HistoryItem>> inspection_history(store::Conn& c, std::int64_t institution_id) {
  auto rows = c.query("SELECT t.id, p.title, t.inspected_on, t.outcome, t.findings, t.enforcement_lead, t.status, t.published_on "
                      "FROM inspection_tasks t JOIN sampling_plans p ON p.id = t.plan_id "
                      "WHERE t.institution_id = $1 AND t.status <> 'assigned' ORDER BY t.inspected_on DESC, t.id DESC",
                      {institution_id});
  if (!rows.ok()) return rows.error();
  return store::map_rows(*rows, [](const store::Row& r) {
    return HistoryItem{r.integer("id"), r.text("title"),          r.text("inspected_on"), r.text("outcome"),
                       r.text("findings"), r.flag("enforcement_lead"), r.text("status"),  r.text("published_on")};
  });
}

}  // namespace weijian::inspection
