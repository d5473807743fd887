#include "credit/list_store.h"

namespace weijian::credit::list_store {
namespace {

using store::Conn;
using store::Row;

constexpr const char* kConsequenceSelect =
    "SELECT id, subject_kind, subject_id, subject_code, subject_name, cycle, threshold_points, code, label, total_at_crossing, "
    "point_id, starts_on, ends_on, contexts, status, withdrawn_on, withdrawal_reason, jurisdiction_path FROM credit_consequences";

constexpr const char* kNotificationSelect =
    "SELECT id, consequence_id, department_code, subject_code, subject_name, message, created_on, due_on, jurisdiction_path "
    "FROM credit_notifications";

constexpr const char* kEntrySelect =
    "SELECT id, list_kind, subject_kind, subject_id, subject_code, subject_name, trigger_code, severity, basis, source_kind, "
    "source_ref, starts_on, publish_by, min_ends_on, ends_on, contexts, status, closed_on, close_reason, jurisdiction_path "
    "FROM credit_list_entries";

Consequence consequence_of(const Row& r) {
  Consequence k;
  k.id = r.integer("id");
  k.subject_kind = r.text("subject_kind");
  k.subject_id = r.integer("subject_id");
  k.subject_code = r.text("subject_code");
  k.subject_name = r.text("subject_name");
  k.cycle = r.text("cycle");
  k.threshold_points = r.integer("threshold_points");
  k.code = r.text("code");
  k.label = r.text("label");
  k.total_at_crossing = r.integer("total_at_crossing");
  k.point_id = r.integer("point_id");
  k.starts_on = r.text("starts_on");
  k.ends_on = r.text("ends_on");
  k.contexts = r.text("contexts");
  k.status = r.text("status");
  k.withdrawn_on = r.maybe_text("withdrawn_on");
  k.withdrawal_reason = r.maybe_text("withdrawal_reason");
  k.jurisdiction_path = r.text("jurisdiction_path");
  return k;
}

Notification notification_of(const Row& r) {
  return Notification{r.integer("id"),           r.integer("consequence_id"), r.text("department_code"),
                      r.text("subject_code"),    r.text("subject_name"),      r.text("message"),
                      r.text("created_on"),      r.text("due_on"),            r.text("jurisdiction_path")};
}

ListEntry entry_of(const Row& r) {
  ListEntry e;
  e.id = r.integer("id");
  e.list_kind = r.text("list_kind");
  e.subject_kind = r.text("subject_kind");
  e.subject_id = r.integer("subject_id");
  e.subject_code = r.text("subject_code");
  e.subject_name = r.text("subject_name");
  e.trigger_code = r.text("trigger_code");
  e.severity = r.text("severity");
  e.basis = r.text("basis");
  e.source_kind = r.text("source_kind");
  e.source_ref = r.text("source_ref");
  e.starts_on = r.text("starts_on");
  e.publish_by = r.text("publish_by");
  e.min_ends_on = r.text("min_ends_on");
  e.ends_on = r.text("ends_on");
  e.contexts = r.text("contexts");
  e.status = r.text("status");
  e.closed_on = r.maybe_text("closed_on");
  e.close_reason = r.maybe_text("close_reason");
  e.jurisdiction_path = r.text("jurisdiction_path");
  return e;
}

std::set<std::string> codes_of(const store::Rows& rows) {
  std::set<std::string> out;
  for (auto& code : store::map_rows(rows, [](const Row& r) { return r.text("subject_code"); })) out.insert(std::move(code));
  return out;
}

}  // namespace

Result<std::vector<Consequence>> active_consequences(Conn& c, const std::string& subject_kind, std::int64_t subject_id,
                                                     const std::string& cycle) {
  WJ_ASSIGN_OR_RETURN(auto rows, c.query(std::string(kConsequenceSelect) +
                                             " WHERE subject_kind = $1 AND subject_id = $2 AND cycle = $3 AND status = 'active'",
                                         {subject_kind, subject_id, cycle}));
  return store::map_rows(rows, consequence_of);
}

Result<std::int64_t> insert_consequence(Conn& c, const Consequence& k, const std::string& now) {
  WJ_ASSIGN_OR_RETURN(
      auto rows,
      c.query("INSERT INTO credit_consequences (subject_kind, subject_id, subject_code, subject_name, cycle, threshold_points, "
              "code, label, total_at_crossing, point_id, starts_on, ends_on, contexts, status, jurisdiction_path, created_at) "
              "VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,'active',$14,$15) RETURNING id",
              {k.subject_kind, k.subject_id, k.subject_code, k.subject_name, k.cycle, k.threshold_points, k.code, k.label,
               k.total_at_crossing, k.point_id, k.starts_on, k.ends_on, k.contexts, k.jurisdiction_path, now}));
  return rows.row(0).integer("id");
}

Status withdraw_consequence(Conn& c, std::int64_t id, const std::string& on, const std::string& reason) {
  WJ_TRY(c.exec("UPDATE credit_consequences SET status = 'withdrawn', withdrawn_on = $1, withdrawal_reason = $2 WHERE id = $3",
                {on, reason, id}));
  return {};
}

Status insert_notification(Conn& c, const Notification& n) {
  WJ_TRY(c.exec("INSERT INTO credit_notifications (consequence_id, department_code, subject_code, subject_name, message, "
                "created_on, due_on, jurisdiction_path) VALUES ($1,$2,$3,$4,$5,$6,$7,$8)",
                {n.consequence_id, n.department_code, n.subject_code, n.subject_name, n.message, n.created_on, n.due_on,
                 n.jurisdiction_path}));
  return {};
}

Result<std::vector<Notification>> notifications_of(Conn& c, std::int64_t consequence_id) {
  WJ_ASSIGN_OR_RETURN(auto rows, c.query(std::string(kNotificationSelect) + " WHERE consequence_id = $1 ORDER BY id", {consequence_id}));
  return store::map_rows(rows, notification_of);
}

Result<store::PageOf<Consequence>> consequence_page(Conn& c, const store::Scope& scope, const CreditFilter& f) {
  auto q = store::Query::scoped(scope, kConsequenceSelect, "jurisdiction_path");
  q.search({"subject_name", "subject_code"}, f.q);
  if (!f.subject_code.empty()) q.where("subject_code = ?", f.subject_code);
  if (!f.subject_kind.empty()) q.where("subject_kind = ?", f.subject_kind);
  if (!f.status.empty()) q.where("status = ?", f.status);
  q.order_by("starts_on DESC, id DESC");
  WJ_ASSIGN_OR_RETURN(auto pg, q.page(c, f.page, f.page_size));
  return store::map_page(pg, consequence_of);
}

Result<std::vector<Consequence>> consequences_of(Conn& c, const std::string& subject_code) {
  WJ_ASSIGN_OR_RETURN(auto rows, c.query(std::string(kConsequenceSelect) + " WHERE subject_code = $1 ORDER BY starts_on DESC, id DESC",
                                         {subject_code}));
  return store::map_rows(rows, consequence_of);
}

Result<store::PageOf<Notification>> notification_page(Conn& c, const store::Scope& scope, const CreditFilter& f) {
  auto q = store::Query::scoped(scope, kNotificationSelect, "jurisdiction_path");
  if (!f.department.empty()) q.where("department_code = ?", f.department);
  q.search({"subject_name", "subject_code"}, f.q);
  q.order_by("id DESC");
  WJ_ASSIGN_OR_RETURN(auto pg, q.page(c, f.page, f.page_size));
  return store::map_page(pg, notification_of);
}

Result<std::int64_t> insert_entry(Conn& c, const ListEntry& e, std::int64_t created_by, const std::string& now) {
  WJ_ASSIGN_OR_RETURN(
      auto rows,
      c.query("INSERT INTO credit_list_entries (list_kind, subject_kind, subject_id, subject_code, subject_name, trigger_code, "
              "severity, basis, source_kind, source_ref, starts_on, publish_by, min_ends_on, ends_on, contexts, status, "
              "jurisdiction_path, created_by, created_at) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,'active',"
              "$16,$17,$18) RETURNING id",
              {e.list_kind, e.subject_kind, e.subject_id, e.subject_code, e.subject_name, e.trigger_code, e.severity, e.basis,
               e.source_kind, e.source_ref, e.starts_on, e.publish_by, e.min_ends_on, e.ends_on, e.contexts, e.jurisdiction_path,
               created_by, now}));
  return rows.row(0).integer("id");
}

Result<std::optional<ListEntry>> entry_in_scope(Conn& c, const store::Scope& scope, std::int64_t id) {
  WJ_ASSIGN_OR_RETURN(auto rows, store::Query::scoped(scope, kEntrySelect, "jurisdiction_path").where("id = ?", id).all(c));
  return store::first_row(rows, entry_of);
}

Result<store::PageOf<ListEntry>> entry_page(Conn& c, const store::Scope& scope, const CreditFilter& f, const std::string& today) {
  auto q = store::Query::scoped(scope, kEntrySelect, "jurisdiction_path");
  q.search({"subject_name", "subject_code", "basis"}, f.q);
  if (!f.list_kind.empty()) q.where("list_kind = ?", f.list_kind);
  if (!f.subject_kind.empty()) q.where("subject_kind = ?", f.subject_kind);
  if (!f.subject_code.empty()) q.where("subject_code = ?", f.subject_code);
  if (!f.severity.empty()) q.where("severity = ?", f.severity);
  if (!f.trigger.empty()) q.where("trigger_code = ?", f.trigger);
  if (f.status == "active") q.where("status = ?", std::string("active")).where("ends_on >= ?", today);
  else if (f.status == "expired") q.where("status = ?", std::string("active")).where("ends_on < ?", today);
  else if (!f.status.empty()) q.where("status = ?", f.status);
  q.order_by("starts_on DESC, id DESC");
  WJ_ASSIGN_OR_RETURN(auto pg, q.page(c, f.page, f.page_size));
  return store::map_page(pg, entry_of);
}

Status withdraw_entries_from(Conn& c, const std::string& source_kind, const std::string& source_ref, const std::string& on,
                             const std::string& reason) {
  WJ_TRY(c.exec("UPDATE credit_list_entries SET status = 'withdrawn', closed_on = $1, close_reason = $2 WHERE source_kind = $3 "
                "AND source_ref = $4 AND status = 'active'",
                {on, reason, source_kind, source_ref}));
  return {};
}

Status restore_entry(Conn& c, std::int64_t id, const std::string& on, const std::string& reason) {
  WJ_TRY(c.exec("UPDATE credit_list_entries SET status = 'restored', closed_on = $1, close_reason = $2 WHERE id = $3 AND status = 'active'",
                {on, reason, id}));
  return {};
}

Result<std::int64_t> count_active(Conn& c, const std::string& subject_code, const std::string& list_kind, const std::string& severity_like,
                                  const std::string& today) {
  WJ_ASSIGN_OR_RETURN(auto rows, c.query("SELECT count(*) AS n FROM credit_list_entries WHERE subject_code = $1 AND list_kind = $2 AND "
                                         "severity LIKE $3 AND status = 'active' AND ends_on >= $4",
                                         {subject_code, list_kind, severity_like, today}));
  return rows.row(0).integer("n");
}

Result<std::set<std::string>> subjects_blocking_honour(Conn& c, const std::string& today) {
  WJ_ASSIGN_OR_RETURN(auto rows, c.query("SELECT DISTINCT subject_code FROM credit_list_entries WHERE status = 'active' AND "
                                         "(list_kind = 'dishonesty' OR trigger_code = 'no_points_two_cycles') AND ends_on >= $1",
                                         {today}));
  return codes_of(rows);
}

Result<std::set<std::string>> subjects_listed_for(Conn& c, const std::string& trigger_code) {
  WJ_ASSIGN_OR_RETURN(auto rows, c.query("SELECT DISTINCT subject_code FROM credit_list_entries WHERE trigger_code = $1", {trigger_code}));
  return codes_of(rows);
}

Result<std::set<std::int64_t>> dishonest_institution_ids(Conn& c, const std::string& today) {
  WJ_ASSIGN_OR_RETURN(auto rows, c.query("SELECT DISTINCT subject_id FROM credit_list_entries WHERE list_kind = 'dishonesty' AND "
                                         "status = 'active' AND subject_kind = 'institution' AND starts_on <= $1 AND ends_on >= $1",
                                         {today}));
  std::set<std::int64_t> out;
  for (auto id : store::map_rows(rows, [](const Row& r) { return r.integer("subject_id"); })) out.insert(id);
  return out;
}

}  // namespace weijian::credit::list_store
