#include "credit/labels.h"

#include "credit/rules.h"

namespace weijian::credit {

const Label kSubjectKinds[2] = {{"institution", "医疗卫生机构"}, {"practitioner", "医务人员"}};
const Label kListKinds[2] = {{"dishonesty", "失信名单"}, {"honour", "守信（红）名单"}};
const Label kSeverities[2] = {{"serious", "严重"}, {"ordinary", "一般"}};
const Label kEntryStates[4] = {{"active", "公示中"}, {"expired", "公示期满已移出"}, {"restored", "信用修复后移出"}, {"withdrawn", "已撤销"}};

std::vector<LabelSet> label_sets() {
  auto set = [](const char* name, const auto& table) { return LabelSet{name, std::vector<Label>(std::begin(table), std::end(table))}; };
  std::vector<Label> contexts;
  for (const char* c : kContexts) contexts.push_back({c, context_label(c)});
  return {
      set("credit.subject_kind", kSubjectKinds),
      LabelSet{"credit.record_status", {{"active", "有效"}, {"withdrawn", "已撤回"}}},
      LabelSet{"credit.restoration_status", {{"pending", "待审核"}, {"approved", "已准予修复"}, {"rejected", "不予修复"}}},
      // The words credit's sources are registered with (service.cpp, app/runtime.cpp).
      LabelSet{"credit.source_kind",
               {{"penalty", "行政处罚决定"}, {"inspection_finding", "双随机抽查发现的问题"}, {"claim_finding", "医保审核确认的疑点"}}},
      set("credit.list_kind", kListKinds),
      set("credit.entry_status", kEntryStates),
      set("credit.severity", kSeverities),
      LabelSet{"credit.context", contexts},
  };
}

}  // namespace weijian::credit
