#pragma once
// What the sanctions index reads: the active restrictions (consequences and dishonesty entries)
// and the change log credit_changes, the only SQL on credit_changes.
#include <cstdint>
#include <string>
#include <vector>

#include "core/error.h"
#include "store/db.h"

namespace weijian::credit {

// One active restriction as the sanctions index loads it.
struct RestrictionRow {
  std::string subject_code;
  bool list_entry = false;  // else a threshold consequence
  std::int64_t id = 0;
  std::string contexts, starts_on, ends_on, label;
};

struct Change {
  std::int64_t id = 0;
  std::string subject_code;
};

namespace sanctions_store {

Status record_change(store::Conn& c, const std::string& subject_code, const std::string& at);
Result<std::int64_t> last_change_id(store::Conn& c);
Result<std::vector<Change>> changes_after(store::Conn& c, std::int64_t after_id);
// Active restrictions of one kind (list entries: dishonesty only) ending on or after `from`, with
// ids after `after_id`, at most `limit`, in id order.
Result<std::vector<RestrictionRow>> restrictions_slice(store::Conn& c, bool list_entries, const std::string& from,
                                                       std::int64_t after_id, std::int64_t limit);
// Every active restriction ending on or after `from` of these subjects (all subjects if none given).
Result<std::vector<RestrictionRow>> restrictions_of(store::Conn& c, const std::string& from, const std::vector<std::string>& codes);

}  // namespace sanctions_store
}  // namespace weijian::credit
