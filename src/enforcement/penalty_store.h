#pragma once
// The penalty register's store: its records as types, and the only SQL on penalty_decisions and
// penalty_events. Every function takes the caller's connection, so it joins its transaction.
#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "core/date.h"
#include "core/error.h"
#include "store/db.h"
#include "store/query.h"

namespace weijian::enforcement {

// 行政处罚决定书: never edited, only revoked by a later decision (撤销决定).
struct PenaltyDecision {
  std::int64_t id = 0;
  std::string decision_no, subject_kind;
  std::int64_t subject_id = 0;
  std::string subject_code, subject_name, legal_representative, violation_type, facts, basis, category, content;
  std::int64_t fine_fen = 0;
  std::string decision_date, publication_ends_on, authority, authority_code, source_unit, source_unit_code;
  bool revoked = false;
  std::optional<std::string> revoked_on, revocation_decision_no, revocation_reason;
  std::string jurisdiction_path;
};

// One entry of the register's change log (what the 双公示 export publishes incrementally).
struct PenaltyEvent {
  std::int64_t id = 0;
  std::string kind;  // record, revoke
  PenaltyDecision decision;
};

struct PenaltyFilter {
  std::string q, subject_code;
  int page = 1, page_size = 20;
};

namespace penalty_store {

Result<std::optional<PenaltyDecision>> by_id(store::Conn& c, std::int64_t id);
// The decision `id` if it lies within the scope.
Result<std::optional<PenaltyDecision>> in_scope(store::Conn& c, const store::Scope& scope, std::int64_t id);
Result<std::optional<PenaltyDecision>> by_decision_no(store::Conn& c, const std::string& decision_no);
// Inserts the decision (not revoked) and its `record` event; returns its id.
Result<std::int64_t> insert(store::Conn& c, const PenaltyDecision& d, const std::string& now);
// Marks it revoked and logs the `revoke` event.
Status revoke(store::Conn& c, std::int64_t id, const std::string& on, const std::string& revocation_no, const std::string& reason,
              const std::string& now);
// subject_code already normalised; newest decision first.
Result<store::PageOf<PenaltyDecision>> page(store::Conn& c, const store::Scope& scope, const PenaltyFilter& f);
Result<std::vector<PenaltyDecision>> of_subject(store::Conn& c, const std::string& subject_code);
Result<std::int64_t> unrevoked_count_since(store::Conn& c, const std::string& subject_code, Date since);
Result<std::set<std::string>> subjects_with_unrevoked_since(store::Conn& c, Date since);
Result<std::vector<PenaltyEvent>> events_after(store::Conn& c, const store::Scope& scope, std::int64_t after_id);

}  // namespace penalty_store
}  // namespace weijian::enforcement
