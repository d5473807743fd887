#pragma once
// The ledger's own SQL on ledger_entries (the public reads are declared in ledger.h).
#include <optional>
#include <vector>

#include "ledger/ledger.h"

namespace weijian::ledger::store_ops {

// The newest entry's sequence number and hash (the chain's head), if any.
struct Head {
  std::int64_t seq = 0;
  std::string hash;
};
Result<std::optional<Head>> head(store::Conn& c);
Status insert(store::Conn& c, const Entry& e);
// Up to `limit` entries from sequence number `from_seq` on, in order.
Result<std::vector<Entry>> from_seq(store::Conn& c, std::int64_t from_seq, std::int64_t limit);

}  // namespace weijian::ledger::store_ops
