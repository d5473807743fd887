#include "inspection/risk_grade.h"

#include <algorithm>

namespace weijian::inspection {

RiskGrade risk_grade(const RiskFacts& f, const RiskParams& p) {
  RiskGrade g;
  auto add = [&](int points, std::string why) {
    if (points <= 0) return;
    g.points += points;
    g.reasons.push_back(std::move(why) + " +" + std::to_string(points));
  };
  if (auto it = p.category_points.find(f.category); it != p.category_points.end()) add(it->second, "机构类别固有风险");
  if (f.problem_findings > 0)
    add(p.problem_finding_points * std::min(f.problem_findings, p.problem_finding_cap),
        "近" + std::to_string(p.finding_months) + "个月抽查发现问题" + std::to_string(f.problem_findings) + "次");
  if (f.validation_overdue) add(p.validation_overdue_points, "执业许可证校验逾期");
  if (f.dishonest) add(p.dishonesty_points, "列入失信名单");
  if (f.complaints > 0)
    add(p.complaint_points * std::min(f.complaints, p.complaint_cap), "投诉举报属实" + std::to_string(f.complaints) + "件");
  g.grade = g.points >= p.grade_d ? 'D' : g.points >= p.grade_c ? 'C' : g.points >= p.grade_b ? 'B' : 'A';
  return g;
}

}  // namespace weijian::inspection
