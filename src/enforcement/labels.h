#pragma once
// The penalty register's enumerations with their Chinese labels (published by GET /api/v1/labels).
#include <vector>

#include "core/labels.h"

namespace weijian::enforcement {

// The ledger actions (events) this module records, with the words the audit view shows.
inline LabelSet event_labels() {
  return {"ledger.action",
          {
              {"penalty.record", "登记行政处罚决定"},
              {"penalty.revoke", "撤销行政处罚决定"},
          }};
}

// enforcement.category: 处罚类别 (stored as the legal category's own words, so id = label).
std::vector<LabelSet> label_sets();

}  // namespace weijian::enforcement
