#pragma once
// Credit's enumerations with their Chinese labels (published by GET /api/v1/labels).
#include <vector>

#include "core/labels.h"

namespace weijian::credit {

// The ledger actions (events) this module records, with the words the audit view shows.
inline LabelSet event_labels() {
  return {"ledger.action",
          {
              {"credit.points_assess", "不良执业行为记分"},
              {"credit.points_withdraw", "撤回记分"},
              {"credit.consequence", "记分达到阈值"},
              {"credit.consequence_withdraw", "撤回记分处理"},
              {"credit.list_entry", "列入信用名单"},
              {"credit.restoration_apply", "申请信用修复"},
              {"credit.restoration_decide", "信用修复决定"},
              {"credit.dual_publication_export", "双公示导出"},
              {"credit.demo_load", "生成演示信用数据"},
          }};
}

extern const Label kSubjectKinds[2];
extern const Label kListKinds[2];
extern const Label kSeverities[2];
extern const Label kEntryStates[4];

std::vector<LabelSet> label_sets();

}  // namespace weijian::credit
