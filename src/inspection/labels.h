#pragma once
// The inspection module's enumerations with their Chinese labels, as the server uses them;
// published at GET /api/v1/labels so the web application shows the same words.
#include <vector>

#include "core/labels.h"

namespace weijian::inspection {

// inspection.item_kind, item_status, plan_status, task_status, outcome, risk_grade. The target
// categories are the registry's institution categories (registry.category) and a few more;
// inspection.extra_target_category lists those few.
std::vector<LabelSet> label_sets();

}  // namespace weijian::inspection
