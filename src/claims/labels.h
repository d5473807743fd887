#pragma once
// The claims module's enumerations with their Chinese labels.
#include <vector>

#include "core/labels.h"

namespace weijian::claims {

// The enumerations claims publishes (GET /api/v1/labels). Medical types are 医保 codes; their ids
// are published as strings.
inline std::vector<LabelSet> label_sets() {
  return {
      {"claims.review_status", {{"open", "待审核"}, {"confirmed", "已确认"}, {"dismissed", "已排除"}}},
      {"claims.verdict", {{"violation", "违规"}, {"suspicious", "可疑"}}},
      {"claims.severity", {{"high", "高"}, {"medium", "中"}, {"low", "低"}}},
      {"claims.med_type", {{"11", "普通门诊"}, {"14", "门诊慢特病"}, {"21", "住院"}, {"41", "定点药店购药"}}},
  };
}

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
