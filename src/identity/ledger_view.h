#pragma once
// The audit view of the ledger: entries within the caller's scope, with each action's label.
// Every module declares the labels of its own events (<module>/labels.h event_labels());
// app/ collects them and hands them over once at start-up with set_event_labels.
#include <string>
#include <utility>
#include <vector>

#include "core/json.h"
#include "core/labels.h"
#include "ledger/ledger.h"
#include "store/db.h"
#include "store/query.h"

namespace weijian::identity {

struct LedgerFilter {
  std::string actor, action, subject_type, subject_id, from, to;
  int page = 1, page_size = 20;
};
Result<Json> list_ledger(store::Db& db, const store::Scope& scope, const LedgerFilter& f);

// The labels of every module's events, in the order given (called once, before serving).
void set_event_labels(const std::vector<LabelSet>& sets);
// Every known action with its label, in the order the modules declared them.
const std::vector<std::pair<std::string, std::string>>& ledger_action_labels();
// One entry as the API shows it (the change parsed back to JSON, the action's label).
Json to_json(const ledger::Entry& e);

}  // namespace weijian::identity
