#pragma once
// The 双公示 export batches: the record type and the only SQL on credit_export_batches.
#include <cstdint>
#include <string>
#include <vector>

#include "core/error.h"
#include "store/db.h"

namespace weijian::credit {

struct ExportBatch {
  std::int64_t id = 0;
  std::string kind;  // license, penalty
  std::int64_t last_event_id = 0, row_count = 0;
  std::string file_sm3;
  std::int64_t exported_by = 0;
  std::string exported_at;
};

namespace export_store {

// The last event exported incrementally for the kind (0 before the first batch).
Result<std::int64_t> last_event_id(store::Conn& c, const std::string& kind);
Result<std::int64_t> insert_batch(store::Conn& c, const ExportBatch& b);
// The latest 100, newest first.
Result<std::vector<ExportBatch>> recent_batches(store::Conn& c);

}  // namespace export_store

}  // namespace weijian::credit
