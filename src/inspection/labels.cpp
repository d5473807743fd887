#include "inspection/labels.h"

#include "inspection/json.h"
#include "registry/service.h"

namespace weijian::inspection {
namespace {

// Target categories beyond the registry's institution categories: items name them so the
// catalogue is complete, although the registry does not hold such targets yet.
constexpr Label kExtraCategories[] = {{"public_place", "公共场所"},     {"water_supply", "供水单位"},
                                      {"school", "学校"},               {"employer", "存在职业病危害的用人单位"},
                                      {"radiation_user", "放射工作单位"}};
constexpr Label kItemKinds[] = {{"routine", "一般事项"}, {"key", "重点事项"}};
constexpr Label kItemStatuses[] = {{"active", "在用"}, {"retired", "已停用"}};
constexpr Label kPlanStatuses[] = {{"draft", "草拟"}, {"frozen", "已冻结，待抽取"}, {"drawn", "已抽取"}, {"cancelled", "已撤销"}};
constexpr Label kTaskStatuses[] = {{"assigned", "待检查"}, {"submitted", "已录入结果，待公示"}, {"published", "已公示"}};
constexpr Label kOutcomes[] = {{"no_problem", "未发现问题"}, {"problem", "发现问题"}};
constexpr Label kRiskGrades[] = {{"A", "A 级（低风险）"}, {"B", "B 级"}, {"C", "C 级"}, {"D", "D 级（高风险）"}};

template <std::size_t N>
LabelSet set_of(const char* name, const Label (&table)[N]) {
  return {name, std::vector<Label>(std::begin(table), std::end(table))};
}

}  // namespace

std::string category_label(const std::string& c) {
  const char* reg = registry::category_label(c);
  return reg[0] ? reg : lookup(kExtraCategories, c);
}
bool is_target_category(const std::string& c) { return !category_label(c).empty(); }
const char* plan_status_label(const std::string& s) { return lookup(kPlanStatuses, s); }
const char* task_status_label(const std::string& s) { return lookup(kTaskStatuses, s); }
const char* outcome_label(const std::string& s) { return lookup(kOutcomes, s); }

std::vector<LabelSet> label_sets() {
  return {set_of("inspection.item_kind", kItemKinds),         set_of("inspection.item_status", kItemStatuses),
          set_of("inspection.plan_status", kPlanStatuses),    set_of("inspection.task_status", kTaskStatuses),
          set_of("inspection.outcome", kOutcomes),            set_of("inspection.risk_grade", kRiskGrades),
          set_of("inspection.extra_target_category", kExtraCategories)};
}

}  // namespace weijian::inspection
