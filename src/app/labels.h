#pragma once
// Every module's labels, collected here: app/ is the one place that knows all modules.
#include <vector>

#include "core/labels.h"

namespace weijian::app {

// The ledger actions of every module, in module order (the audit view's list of actions).
std::vector<LabelSet> event_label_sets();

}  // namespace weijian::app
