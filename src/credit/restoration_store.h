#pragma once
// Credit restoration (信用修复) applications: the record type and the only SQL on
// credit_restorations. A restoration is read with the list entry it applies to.
#include <cstdint>
#include <optional>
#include <string>

#include "core/error.h"
#include "credit/filter.h"
#include "store/db.h"
#include "store/query.h"

namespace weijian::credit {

struct Restoration {
  std::int64_t id = 0, list_entry_id = 0;
  std::string applied_on, applicant, obligations, commitment, review_due_on, status;  // pending, approved, rejected
  std::optional<std::string> decided_on, decision_reason;
  std::string jurisdiction_path;
  // Of the list entry.
  std::string subject_code, subject_name, list_kind, trigger_code, min_ends_on, ends_on;
};

namespace restoration_store {

Result<bool> has_pending(store::Conn& c, std::int64_t list_entry_id);
// Inserts a pending application; returns its id.
Result<std::int64_t> insert(store::Conn& c, const Restoration& r, const std::string& now);
Result<std::optional<Restoration>> in_scope(store::Conn& c, const store::Scope& scope, std::int64_t id);
Status decide(store::Conn& c, std::int64_t id, const std::string& status, const std::string& on, const std::string& reason,
              std::int64_t decided_by);
// Filters by f.q, f.status and f.subject_code (normalised); newest first.
Result<store::PageOf<Restoration>> page(store::Conn& c, const store::Scope& scope, const CreditFilter& f);

}  // namespace restoration_store
}  // namespace weijian::credit
