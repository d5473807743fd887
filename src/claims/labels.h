#pragma once
// The claims module's enumerations with their Chinese labels.
#include "core/labels.h"

namespace weijian::claims {

// The ledger actions (events) this module records, with the words the audit view shows.
inline LabelSet event_labels() {
  return {"ledger.action",
          {
              {"claims.upload", "上传医保费用明细"},
              {"claims.realtime_record", "事中审核并保存费用明细"},
              {"claims.usage_audit", "临床用药超常预警"},
              {"claims.finding_confirm", "确认医保疑点"},
              {"claims.finding_dismiss", "排除医保疑点"},
              {"claims.rules_save", "修改医保审核规则库"},
          }};
}

}  // namespace weijian::claims
