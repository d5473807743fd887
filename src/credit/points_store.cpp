#include "credit/points_store.h"

namespace weijian::credit::points_store {
namespace {

using store::Conn;
using store::Row;

constexpr const char* kSelect =
    "SELECT id, subject_kind, subject_id, subject_code, subject_name, behaviour_code, points, cycle, assessed_on, source_kind, "
    "source_ref, note, status, withdrawn_on, withdrawal_decision, withdrawal_reason, jurisdiction_path FROM credit_points";

Point point_of(const Row& r) {
  Point p;
  p.id = r.integer("id");
  p.subject_kind = r.text("subject_kind");
  p.subject_id = r.integer("subject_id");
  p.subject_code = r.text("subject_code");
  p.subject_name = r.text("subject_name");
  p.behaviour_code = r.text("behaviour_code");
  p.points = r.integer("points");
  p.cycle = r.text("cycle");
  p.assessed_on = r.text("assessed_on");
  p.source_kind = r.text("source_kind");
  p.source_ref = r.text("source_ref");
  p.note = r.text("note");
  p.status = r.text("status");
  p.withdrawn_on = r.maybe_text("withdrawn_on");
  p.withdrawal_decision = r.maybe_text("withdrawal_decision");
  p.withdrawal_reason = r.maybe_text("withdrawal_reason");
  p.jurisdiction_path = r.text("jurisdiction_path");
  return p;
}

std::set<std::string> codes_of(const store::Rows& rows) {
  std::set<std::string> out;
  for (auto& code : store::map_rows(rows, [](const Row& r) { return r.text("subject_code"); })) out.insert(std::move(code));
  return out;
}

}  // namespace

Result<std::int64_t> insert(Conn& c, const Point& p, std::int64_t created_by, const std::string& now) {
  WJ_ASSIGN_OR_RETURN(auto rows,
                      c.query("INSERT INTO credit_points (subject_kind, subject_id, subject_code, subject_name, behaviour_code, points, "
                              "cycle, assessed_on, source_kind, source_ref, note, status, jurisdiction_path, created_by, created_at) "
                              "VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,'active',$12,$13,$14) RETURNING id",
                              {p.subject_kind, p.subject_id, p.subject_code, p.subject_name, p.behaviour_code, p.points, p.cycle,
                               p.assessed_on, p.source_kind, p.source_ref, p.note, p.jurisdiction_path, created_by, now}));
  return rows.row(0).integer("id");
}

Result<std::optional<Point>> in_scope(Conn& c, const store::Scope& scope, std::int64_t id) {
  WJ_ASSIGN_OR_RETURN(auto rows, store::Query::scoped(scope, kSelect, "jurisdiction_path").where("id = ?", id).all(c));
  return store::first_row(rows, point_of);
}

Result<std::vector<Point>> active_of_cycle(Conn& c, const std::string& subject_kind, std::int64_t subject_id, const std::string& cycle) {
  WJ_ASSIGN_OR_RETURN(auto rows, c.query(std::string(kSelect) +
                                             " WHERE subject_kind = $1 AND subject_id = $2 AND cycle = $3 AND status = 'active' "
                                             "ORDER BY assessed_on, id",
                                         {subject_kind, subject_id, cycle}));
  return store::map_rows(rows, point_of);
}

Result<bool> exists_from_source(Conn& c, const std::string& subject_kind, std::int64_t subject_id, const std::string& behaviour_code,
                                const std::string& source_kind, const std::string& source_ref) {
  WJ_ASSIGN_OR_RETURN(auto rows, c.query("SELECT 1 AS one FROM credit_points WHERE subject_kind = $1 AND subject_id = $2 AND "
                                         "behaviour_code = $3 AND source_kind = $4 AND source_ref = $5",
                                         {subject_kind, subject_id, behaviour_code, source_kind, source_ref}));
  return !rows.empty();
}

Result<std::int64_t> active_total(Conn& c, const std::string& subject_kind, std::int64_t subject_id, const std::string& cycle) {
  WJ_ASSIGN_OR_RETURN(auto rows, c.query("SELECT coalesce(sum(points), 0) AS total FROM credit_points WHERE subject_kind = $1 AND "
                                         "subject_id = $2 AND cycle = $3 AND status = 'active'",
                                         {subject_kind, subject_id, cycle}));
  return rows.row(0).integer("total");
}

Result<std::int64_t> active_total_of_code(Conn& c, const std::string& subject_code, const std::string& cycle) {
  WJ_ASSIGN_OR_RETURN(auto rows, c.query("SELECT coalesce(sum(points), 0) AS total FROM credit_points WHERE subject_code = $1 AND "
                                         "cycle = $2 AND status = 'active'",
                                         {subject_code, cycle}));
  return rows.row(0).integer("total");
}

Status withdraw(Conn& c, std::int64_t id, const std::string& on, const std::string& decision, const std::string& reason) {
  WJ_TRY(c.exec("UPDATE credit_points SET status = 'withdrawn', withdrawn_on = $1, withdrawal_decision = $2, withdrawal_reason = $3 "
                "WHERE id = $4",
                {on, decision, reason, id}));
  return {};
}

Result<std::vector<Point>> active_from_source(Conn& c, const std::string& source_kind, const std::string& source_ref) {
  WJ_ASSIGN_OR_RETURN(auto rows, c.query(std::string(kSelect) + " WHERE source_kind = $1 AND source_ref = $2 AND status = 'active'",
                                         {source_kind, source_ref}));
  return store::map_rows(rows, point_of);
}

Result<store::PageOf<Point>> page(Conn& c, const store::Scope& scope, const CreditFilter& f) {
  auto q = store::Query::scoped(scope, kSelect, "jurisdiction_path");
  q.search({"subject_name", "subject_code", "source_ref"}, f.q);
  if (!f.subject_code.empty()) q.where("subject_code = ?", f.subject_code);
  if (!f.subject_kind.empty()) q.where("subject_kind = ?", f.subject_kind);
  if (!f.status.empty()) q.where("status = ?", f.status);
  if (!f.cycle.empty()) q.where("cycle = ?", f.cycle);
  q.order_by("assessed_on DESC, id DESC");
  WJ_ASSIGN_OR_RETURN(auto pg, q.page(c, f.page, f.page_size));
  return store::map_page(pg, point_of);
}

Result<std::vector<Point>> of_subject(Conn& c, const std::string& subject_code) {
  WJ_ASSIGN_OR_RETURN(auto rows, c.query(std::string(kSelect) + " WHERE subject_code = $1 ORDER BY cycle DESC, assessed_on, id", {subject_code}));
  return store::map_rows(rows, point_of);
}

Result<std::set<std::string>> subjects_with_active_since(Conn& c, Date since) {
  WJ_ASSIGN_OR_RETURN(auto rows, c.query("SELECT DISTINCT subject_code FROM credit_points WHERE status = 'active' AND assessed_on >= $1",
                                         {since.to_string()}));
  return codes_of(rows);
}

}  // namespace weijian::credit::points_store
