#pragma once
// The inspection module's enumerations with their Chinese labels, as the server uses them;
// published at GET /api/v1/labels so the web application shows the same words.
#include <vector>

#include "core/labels.h"

namespace weijian::inspection {

// The ledger actions (events) this module records, with the words the audit view shows.
inline LabelSet event_labels() {
  return {"ledger.action",
          {
              {"inspection.item_seed", "载入抽查事项清单"},
              {"inspection.item_create", "新增抽查事项"},
              {"inspection.item_update", "修改抽查事项"},
              {"inspection.plan_create", "制定抽查计划"},
              {"inspection.plan_update", "修改抽查计划"},
              {"inspection.plan_cancel", "撤销抽查计划"},
              {"inspection.plan_freeze", "冻结对象库并公布承诺值"},
              {"inspection.witness_input", "见证人录入随机数"},
              {"inspection.draw", "随机抽取"},
              {"inspection.redraw_refused", "拒绝重新抽取"},
              {"inspection.result", "录入抽查结果"},
              {"inspection.result_lead", "录入抽查结果并移交执法线索"},
              {"inspection.photo", "上传现场照片"},
              {"inspection.reassign", "更换执法人员"},
              {"inspection.publish", "公示抽查结果"},
              {"inspection.publish_plan", "批量公示抽查结果"},
          }};
}

// inspection.item_kind, item_status, plan_status, task_status, outcome, risk_grade. The target
// categories are the registry's institution categories (registry.category) and a few more;
// inspection.extra_target_category lists those few.
std::vector<LabelSet> label_sets();

}  // namespace weijian::inspection
