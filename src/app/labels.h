#pragma once
// Every module's labels, collected here: app/ is the one place that knows all modules.
#include <vector>

#include "core/labels.h"

namespace weijian::app {

// The ledger actions of every module, in module order (the audit view's list of actions).
std::vector<LabelSet> event_label_sets();
// Every module's published enumerations, and the ledger actions of all modules as one set
// "ledger.action": what GET /api/v1/labels serves (names unique).
std::vector<LabelSet> all_label_sets();

}  // namespace weijian::app
