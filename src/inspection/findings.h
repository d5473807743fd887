#pragma once
// What the inspection module tells other modules about its tasks, as plain functions of typed
// values: app/ hands them to the modules that need them (credit's "inspection_finding" source
// and a subject's inspection history), so no other module reads inspection's tables.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/error.h"
#include "store/db.h"

namespace weijian::inspection {

// A task's result, as far as a finding based on it needs.
struct TaskFinding {
  std::int64_t task_id = 0, institution_id = 0;
  std::string outcome;  // problem, no_problem; "" before the result
  std::string status;   // assigned, submitted, published
};

// The task, or nullopt when there is none.
Result<std::optional<TaskFinding>> task_finding(store::Conn& c, std::int64_t task_id);

// One inspection of an institution whose result was entered.
struct HistoryItem {
  std::int64_t task_id = 0;
  std::string plan_title, inspected_on, outcome, findings;
  bool enforcement_lead = false;
  std::string status, published_on;
};

// An institution's inspections with results, latest first.
Result<std::vector<HistoryItem>> inspection_history(store::Conn& c, std::int64_t institution_id);

}  // namespace weijian::inspection
