#include "enforcement/penalty_store.h"

#include "core/csv.h"

namespace weijian::enforcement::penalty_store {
namespace {

using store::Conn;
using store::Row;

constexpr const char* kColumns =
    "id, decision_no, subject_kind, subject_id, subject_code, subject_name, legal_representative, violation_type, facts, basis, "
    "category, content, fine_fen, decision_date, publication_ends_on, authority, authority_code, source_unit, source_unit_code, "
    "revoked, revoked_on, revocation_decision_no, revocation_reason, jurisdiction_path";

std::string select() { return std::string("SELECT ") + kColumns + " FROM penalty_decisions"; }

PenaltyDecision decision_of(const Row& r) {
  PenaltyDecision d;
  d.id = r.integer("id");
  d.decision_no = r.text("decision_no");
  d.subject_kind = r.text("subject_kind");
  d.subject_id = r.integer("subject_id");
  d.subject_code = r.text("subject_code");
  d.subject_name = r.text("subject_name");
  d.legal_representative = r.text("legal_representative");
  d.violation_type = r.text("violation_type");
  d.facts = r.text("facts");
  d.basis = r.text("basis");
  d.category = r.text("category");
  d.content = r.text("content");
  d.fine_fen = r.integer("fine_fen");
  d.decision_date = r.text("decision_date");
  d.publication_ends_on = r.text("publication_ends_on");
  d.authority = r.text("authority");
  d.authority_code = r.text("authority_code");
  d.source_unit = r.text("source_unit");
  d.source_unit_code = r.text("source_unit_code");
  d.revoked = r.integer("revoked") == 1;
  d.revoked_on = r.maybe_text("revoked_on");
  d.revocation_decision_no = r.maybe_text("revocation_decision_no");
  d.revocation_reason = r.maybe_text("revocation_reason");
  d.jurisdiction_path = r.text("jurisdiction_path");
  return d;
}

}  // namespace

Result<std::optional<PenaltyDecision>> by_id(Conn& c, std::int64_t id) {
  WJ_ASSIGN_OR_RETURN(auto rows, c.query(select() + " WHERE id = $1", {id}));
  return store::first_row(rows, decision_of);
}

Result<std::optional<PenaltyDecision>> in_scope(Conn& c, const store::Scope& scope, std::int64_t id) {
  WJ_ASSIGN_OR_RETURN(auto rows, store::Query::scoped(scope, select(), "jurisdiction_path").where("id = ?", id).all(c));
  return store::first_row(rows, decision_of);
}

Result<std::optional<PenaltyDecision>> by_decision_no(Conn& c, const std::string& decision_no) {
  WJ_ASSIGN_OR_RETURN(auto rows, c.query(select() + " WHERE decision_no = $1", {decision_no}));
  return store::first_row(rows, decision_of);
}

Result<std::int64_t> insert(Conn& c, const PenaltyDecision& d, const std::string& now) {
  WJ_ASSIGN_OR_RETURN(
      auto rows,
      c.query("INSERT INTO penalty_decisions (decision_no, subject_kind, subject_id, subject_code, subject_name, legal_representative, "
              "violation_type, facts, basis, category, content, fine_fen, decision_date, publication_ends_on, authority, authority_code, "
              "source_unit, source_unit_code, revoked, jurisdiction_path, created_at) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,"
              "$13,$14,$15,$16,$17,$18,0,$19,$20) RETURNING id",
              {d.decision_no, d.subject_kind, d.subject_id, d.subject_code, d.subject_name, d.legal_representative, d.violation_type,
               d.facts, d.basis, d.category, d.content, d.fine_fen, d.decision_date, d.publication_ends_on, d.authority,
               d.authority_code, d.source_unit, d.source_unit_code, d.jurisdiction_path, now}));
  const std::int64_t id = rows.row(0).integer("id");
  WJ_TRY(c.exec("INSERT INTO penalty_events (penalty_id, kind, at) VALUES ($1, 'record', $2)", {id, now}));
  return id;
}

Status revoke(Conn& c, std::int64_t id, const std::string& on, const std::string& revocation_no, const std::string& reason,
              const std::string& now) {
  WJ_TRY(c.exec("UPDATE penalty_decisions SET revoked = 1, revoked_on = $1, revocation_decision_no = $2, revocation_reason = $3 "
                "WHERE id = $4",
                {on, revocation_no, reason, id}));
  WJ_TRY(c.exec("INSERT INTO penalty_events (penalty_id, kind, at) VALUES ($1, 'revoke', $2)", {id, now}));
  return {};
}

Result<store::PageOf<PenaltyDecision>> page(Conn& c, const store::Scope& scope, const PenaltyFilter& f) {
  auto q = store::Query::scoped(scope, select(), "jurisdiction_path");
  q.search({"decision_no", "subject_name", "subject_code", "violation_type"}, f.q);
  if (!f.subject_code.empty()) q.where("subject_code = ?", f.subject_code);
  q.order_by("decision_date DESC, id DESC");
  WJ_ASSIGN_OR_RETURN(auto pg, q.page(c, f.page, f.page_size));
  return store::map_page(pg, decision_of);
}

Result<std::vector<PenaltyDecision>> of_subject(Conn& c, const std::string& subject_code) {
  WJ_ASSIGN_OR_RETURN(auto rows, c.query(select() + " WHERE subject_code = $1 ORDER BY decision_date DESC, id DESC", {subject_code}));
  return store::map_rows(rows, decision_of);
}

Result<std::int64_t> unrevoked_count_since(Conn& c, const std::string& subject_code, Date since) {
  WJ_ASSIGN_OR_RETURN(auto rows, c.query("SELECT count(*) AS n FROM penalty_decisions WHERE subject_code = $1 AND revoked = 0 AND "
                                         "decision_date >= $2",
                                         {subject_code, since.to_string()}));
  return rows.row(0).integer("n");
}

Result<std::set<std::string>> subjects_with_unrevoked_since(Conn& c, Date since) {
  WJ_ASSIGN_OR_RETURN(auto rows, c.query("SELECT DISTINCT subject_code FROM penalty_decisions WHERE revoked = 0 AND decision_date >= $1",
                                         {since.to_string()}));
  std::set<std::string> out;
  for (auto& code : store::map_rows(rows, [](const Row& r) { return r.text("subject_code"); })) out.insert(std::move(code));
  return out;
}

Result<std::vector<PenaltyEvent>> events_after(Conn& c, const store::Scope& scope, std::int64_t after_id) {
  std::string sql = "SELECT e.id AS event_id, e.kind AS event_kind";
  for (const auto& col : split_list(kColumns, ',')) sql += ", d." + col;
  sql += " FROM penalty_events e JOIN penalty_decisions d ON d.id = e.penalty_id";
  WJ_ASSIGN_OR_RETURN(auto rows, store::Query::scoped(scope, sql, "d.jurisdiction_path").where("e.id > ?", after_id).order_by("e.id").all(c));
  return store::map_rows(rows, [](const Row& r) { return PenaltyEvent{r.integer("event_id"), r.text("event_kind"), decision_of(r)}; });
}

}  // namespace weijian::enforcement::penalty_store
