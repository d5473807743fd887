#pragma once
// The enforcement module's enumerations with their Chinese labels.
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

}  // namespace weijian::enforcement
