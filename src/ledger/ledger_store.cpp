#include "ledger/ledger_store.h"

namespace weijian::ledger {
namespace {

constexpr const char* kSelect =
    "SELECT seq, time, actor_id, actor_name, department_id, jurisdiction_path, action, subject_type, subject_id, "
    "change, digest, prev_hash, hash FROM ledger_entries";

Entry entry_of(const store::Row& r) {
  return Entry{r.integer("seq"),          r.text("time"),         r.integer("actor_id"), r.text("actor_name"),
               r.integer("department_id"), r.text("jurisdiction_path"), r.text("action"), r.text("subject_type"),
               r.text("subject_id"),       r.text("change"),       r.text("digest"),    r.text("prev_hash"),
               r.text("hash")};
}

store::Query filtered(const store::Scope& scope, const EntryFilter& f) {
  auto q = store::Query::scoped(scope, kSelect, "jurisdiction_path");
  q.search({"actor_name"}, f.actor);
  if (!f.action.empty()) q.where("action = ?", f.action);
  if (!f.subject_type.empty()) q.where("subject_type = ?", f.subject_type);
  if (!f.subject_id.empty()) q.where("subject_id = ?", f.subject_id);
  if (!f.from_time.empty()) q.where("time >= ?", f.from_time);
  if (!f.to_time.empty()) q.where("time < ?", f.to_time);
  q.order_by("seq DESC");
  return q;
}

}  // namespace

Result<store::PageOf<Entry>> entries_page(store::Conn& c, const store::Scope& scope, const EntryFilter& f, int page,
                                          int page_size) {
  WJ_ASSIGN_OR_RETURN(auto p, filtered(scope, f).page(c, page, page_size));
  return store::map_page(p, entry_of);
}

Result<std::vector<Entry>> entries(store::Conn& c, const store::Scope& scope, const EntryFilter& f) {
  WJ_ASSIGN_OR_RETURN(auto rows, filtered(scope, f).all(c));
  return store::map_rows(rows, entry_of);
}

Result<std::optional<Entry>> entry(store::Conn& c, std::int64_t seq) {
  WJ_ASSIGN_OR_RETURN(auto rows, c.query(std::string(kSelect) + " WHERE seq = $1", {seq}));
  return store::first_row(rows, entry_of);
}

namespace store_ops {

Result<std::optional<Head>> head(store::Conn& c) {
  WJ_ASSIGN_OR_RETURN(auto rows, c.query("SELECT seq, hash FROM ledger_entries ORDER BY seq DESC LIMIT 1"));
  return store::first_row(rows, [](const store::Row& r) { return Head{r.integer("seq"), r.text("hash")}; });
}

Status insert(store::Conn& c, const Entry& e) {
  WJ_TRY(c.exec(
      "INSERT INTO ledger_entries (seq, time, actor_id, actor_name, department_id, jurisdiction_path, action, "
      "subject_type, subject_id, change, digest, prev_hash, hash) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)",
      {e.seq, e.time, e.actor_id, e.actor_name, e.department_id, e.jurisdiction_path, e.action, e.subject_type,
       e.subject_id, e.change, e.digest, e.prev_hash, e.hash}));
  return {};
}

Result<std::vector<Entry>> from_seq(store::Conn& c, std::int64_t from, std::int64_t limit) {
  WJ_ASSIGN_OR_RETURN(auto rows, c.query(std::string(kSelect) + " WHERE seq >= $1 ORDER BY seq LIMIT $2", {from, limit}));
  return store::map_rows(rows, entry_of);
}

}  // namespace store_ops
}  // namespace weijian::ledger
