#include "credit/restoration_store.h"

namespace weijian::credit::restoration_store {
namespace {

using store::Conn;
using store::Row;

constexpr const char* kSelect =
    "SELECT r.id, r.list_entry_id, r.applied_on, r.applicant, r.obligations, r.commitment, r.review_due_on, r.status, "
    "r.decided_on, r.decision_reason, r.jurisdiction_path, e.subject_code, e.subject_name, e.list_kind, e.trigger_code, "
    "e.min_ends_on, e.ends_on FROM credit_restorations r JOIN credit_list_entries e ON e.id = r.list_entry_id";

Restoration restoration_of(const Row& r) {
  Restoration x;
  x.id = r.integer("id");
  x.list_entry_id = r.integer("list_entry_id");
  x.applied_on = r.text("applied_on");
  x.applicant = r.text("applicant");
  x.obligations = r.text("obligations");
  x.commitment = r.text("commitment");
  x.review_due_on = r.text("review_due_on");
  x.status = r.text("status");
  x.decided_on = r.maybe_text("decided_on");
  x.decision_reason = r.maybe_text("decision_reason");
  x.jurisdiction_path = r.text("jurisdiction_path");
  x.subject_code = r.text("subject_code");
  x.subject_name = r.text("subject_name");
  x.list_kind = r.text("list_kind");
  x.trigger_code = r.text("trigger_code");
  x.min_ends_on = r.text("min_ends_on");
  x.ends_on = r.text("ends_on");
  return x;
}

}  // namespace

Result<bool> has_pending(Conn& c, std::int64_t list_entry_id) {
  WJ_ASSIGN_OR_RETURN(auto rows, c.query("SELECT 1 AS one FROM credit_restorations WHERE list_entry_id = $1 AND status = 'pending'",
                                         {list_entry_id}));
  return !rows.empty();
}

Result<std::int64_t> insert(Conn& c, const Restoration& r, const std::string& now) {
  WJ_ASSIGN_OR_RETURN(auto rows,
                      c.query("INSERT INTO credit_restorations (list_entry_id, applied_on, applicant, obligations, commitment, "
                              "review_due_on, status, jurisdiction_path, created_at) VALUES ($1,$2,$3,$4,$5,$6,'pending',$7,$8) "
                              "RETURNING id",
                              {r.list_entry_id, r.applied_on, r.applicant, r.obligations, r.commitment, r.review_due_on,
                               r.jurisdiction_path, now}));
  return rows.row(0).integer("id");
}

Result<std::optional<Restoration>> in_scope(Conn& c, const store::Scope& scope, std::int64_t id) {
  WJ_ASSIGN_OR_RETURN(auto rows, store::Query::scoped(scope, kSelect, "r.jurisdiction_path").where("r.id = ?", id).all(c));
  return store::first_row(rows, restoration_of);
}

Status decide(Conn& c, std::int64_t id, const std::string& status, const std::string& on, const std::string& reason,
              std::int64_t decided_by) {
  WJ_TRY(c.exec("UPDATE credit_restorations SET status = $1, decided_on = $2, decision_reason = $3, decided_by = $4 WHERE id = $5",
                {status, on, reason, decided_by, id}));
  return {};
}

Result<store::PageOf<Restoration>> page(Conn& c, const store::Scope& scope, const CreditFilter& f) {
  auto q = store::Query::scoped(scope, kSelect, "r.jurisdiction_path");
  q.search({"e.subject_name", "e.subject_code", "r.applicant"}, f.q);
  if (!f.status.empty()) q.where("r.status = ?", f.status);
  if (!f.subject_code.empty()) q.where("e.subject_code = ?", f.subject_code);
  q.order_by("r.id DESC");
  WJ_ASSIGN_OR_RETURN(auto pg, q.page(c, f.page, f.page_size));
  return store::map_page(pg, restoration_of);
}

}  // namespace weijian::credit::restoration_store
