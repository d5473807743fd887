#pragma once
// Credit's enumerations with their Chinese labels (published by GET /api/v1/labels).
#include <vector>

#include "core/labels.h"

namespace weijian::credit {

extern const Label kSubjectKinds[2];
extern const Label kListKinds[2];
extern const Label kSeverities[2];
extern const Label kEntryStates[4];

std::vector<LabelSet> label_sets();

}  // namespace weijian::credit
