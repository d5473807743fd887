#include "inspection/rules.h"

#include <fstream>
#include <sstream>

#include "core/json.h"

namespace weijian::inspection {

Result<InspectionRules> InspectionRules::load(const std::string& path) {
  std::ifstream in(path);
  if (!in) return errors::unavailable("无法读取抽查规则文件“" + path + "”：请检查 --data-dir 设置。");
  std::stringstream ss;
  ss << in.rdbuf();
  const Json j = Json::parse(ss.str(), nullptr, false);
  if (j.is_discarded()) return errors::unavailable("抽查规则文件“" + path + "”不是有效的 JSON。");
  InspectionRules r;
  std::string field;
  try {
    field = "ratios_percent";
    r.ratios_percent = j.at(field).get<std::array<int, 4>>();
    field = "exclude_months";
    r.exclude_months = j.at(field).get<std::array<int, 4>>();
    field = "routine_ratio_cap_percent";
    r.routine_ratio_cap_percent = j.at(field).get<int>();
    field = "inspectors_per_task";
    r.inspectors_per_task = j.at(field).get<int>();
    field = "avoid_repeat";
    r.avoid_repeat = j.at(field).get<bool>();
    field = "publish_within_working_days";
    r.publish_within_working_days = j.at(field).get<int>();
    field = "due_working_days";
    r.due_working_days = j.at(field).get<int>();
    field = "witnesses_required";
    r.witnesses_required = j.at(field).get<int>();
    field = "joint_plans_per_year";
    r.joint_plans_per_year = j.at(field).get<int>();
    field = "risk";
    const Json& k = j.at("risk");
    r.risk.category_points = k.at("category_points").get<std::map<std::string, int>>();
    r.risk.problem_finding_points = k.at("problem_finding_points").get<int>();
    r.risk.problem_finding_cap = k.at("problem_finding_cap").get<int>();
    r.risk.finding_months = k.at("finding_months").get<int>();
    r.risk.validation_overdue_points = k.at("validation_overdue_points").get<int>();
    r.risk.dishonesty_points = k.at("dishonesty_points").get<int>();
    r.risk.complaint_points = k.at("complaint_points").get<int>();
    r.risk.complaint_cap = k.at("complaint_cap").get<int>();
    const Json& g = k.at("grade_min_points");
    r.risk.grade_b = g.at("B").get<int>();
    r.risk.grade_c = g.at("C").get<int>();
    r.risk.grade_d = g.at("D").get<int>();
  } catch (const std::exception&) {
    return errors::unavailable("抽查规则文件“" + path + "”的字段“" + field + "”缺失或类型不对。");
  }
  for (int v : r.ratios_percent)
    if (v < 0 || v > 100) return errors::unavailable("抽查规则文件“" + path + "”：ratios_percent 每项应在 0–100 之间。");
  for (int v : r.exclude_months)
    if (v < 0 || v > 60) return errors::unavailable("抽查规则文件“" + path + "”：exclude_months 每项应在 0–60 之间。");
  if (r.inspectors_per_task < 2)
    return errors::unavailable("抽查规则文件“" + path + "”：inspectors_per_task 不得少于 2（行政处罚法第四十二条）。");
  if (r.publish_within_working_days < 1 || r.due_working_days < 1 || r.witnesses_required < 1)
    return errors::unavailable("抽查规则文件“" + path + "”：期限和见证人数应为正整数。");
  if (!(r.risk.grade_b < r.risk.grade_c && r.risk.grade_c < r.risk.grade_d))
    return errors::unavailable("抽查规则文件“" + path + "”：grade_min_points 应满足 B < C < D。");
  return r;
}

}  // namespace weijian::inspection
