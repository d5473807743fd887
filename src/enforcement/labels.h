#pragma once
// The penalty register's enumerations with their Chinese labels (published by GET /api/v1/labels).
#include <vector>

#include "core/labels.h"

namespace weijian::enforcement {

// enforcement.category: 处罚类别 (stored as the legal category's own words, so id = label).
std::vector<LabelSet> label_sets();

}  // namespace weijian::enforcement
