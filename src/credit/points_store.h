#pragma once
// Misconduct points (不良执业行为记分): the record type and the only SQL on credit_points.
#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "core/date.h"
#include "core/error.h"
#include "credit/filter.h"
#include "store/db.h"
#include "store/query.h"

namespace weijian::credit {

struct Point {
  std::int64_t id = 0;
  std::string subject_kind;
  std::int64_t subject_id = 0;
  std::string subject_code, subject_name, behaviour_code;
  std::int64_t points = 0;
  std::string cycle, assessed_on, source_kind, source_ref, note, status;  // status: active, withdrawn
  std::optional<std::string> withdrawn_on, withdrawal_decision, withdrawal_reason;
  std::string jurisdiction_path;
};

namespace points_store {

// Inserts an active point; returns its id.
Result<std::int64_t> insert(store::Conn& c, const Point& p, std::int64_t created_by, const std::string& now);
Result<std::optional<Point>> in_scope(store::Conn& c, const store::Scope& scope, std::int64_t id);
// A subject's active points of one cycle, in the order they were assessed.
Result<std::vector<Point>> active_of_cycle(store::Conn& c, const std::string& subject_kind, std::int64_t subject_id,
                                           const std::string& cycle);
Result<bool> exists_from_source(store::Conn& c, const std::string& subject_kind, std::int64_t subject_id,
                                const std::string& behaviour_code, const std::string& source_kind, const std::string& source_ref);
Result<std::int64_t> active_total(store::Conn& c, const std::string& subject_kind, std::int64_t subject_id, const std::string& cycle);
Result<std::int64_t> active_total_of_code(store::Conn& c, const std::string& subject_code, const std::string& cycle);
Status withdraw(store::Conn& c, std::int64_t id, const std::string& on, const std::string& decision, const std::string& reason);
Result<std::vector<Point>> active_from_source(store::Conn& c, const std::string& source_kind, const std::string& source_ref);
// f.subject_code already normalised; newest first.
Result<store::PageOf<Point>> page(store::Conn& c, const store::Scope& scope, const CreditFilter& f);
// A subject's points, cycle by cycle (newest cycle first), each cycle in assessment order.
Result<std::vector<Point>> of_subject(store::Conn& c, const std::string& subject_code);
// The subjects with an active point assessed on or after `since`.
Result<std::set<std::string>> subjects_with_active_since(store::Conn& c, Date since);

}  // namespace points_store
}  // namespace weijian::credit
