#include "credit/export_store.h"

namespace weijian::credit::export_store {

using store::Conn;
using store::Row;

Result<std::int64_t> last_event_id(Conn& c, const std::string& kind) {
  WJ_ASSIGN_OR_RETURN(auto rows, c.query("SELECT coalesce(max(last_event_id), 0) AS last FROM credit_export_batches WHERE kind = $1", {kind}));
  return rows.row(0).integer("last");
}

Result<std::int64_t> insert_batch(Conn& c, const ExportBatch& b) {
  WJ_ASSIGN_OR_RETURN(auto rows, c.query("INSERT INTO credit_export_batches (kind, last_event_id, row_count, file_sm3, exported_by, "
                                         "exported_at) VALUES ($1,$2,$3,$4,$5,$6) RETURNING id",
                                         {b.kind, b.last_event_id, b.row_count, b.file_sm3, b.exported_by, b.exported_at}));
  return rows.row(0).integer("id");
}

Result<std::vector<ExportBatch>> recent_batches(Conn& c) {
  WJ_ASSIGN_OR_RETURN(auto rows, c.query("SELECT id, kind, last_event_id, row_count, file_sm3, exported_by, exported_at FROM "
                                         "credit_export_batches ORDER BY id DESC LIMIT 100"));
  return store::map_rows(rows, [](const Row& r) {
    return ExportBatch{r.integer("id"),       r.text("kind"),        r.integer("last_event_id"), r.integer("row_count"),
                       r.text("file_sm3"),    r.integer("exported_by"), r.text("exported_at")};
  });
}

}  // namespace weijian::credit::export_store
