#pragma once
// The provisional risk grade of an inspection target (分级分类), until the risk module exists.
// This is the one function that decides a target's grade for a draw; the risk module will
// replace it. It adds points for what is already known and cuts the total into grades:
//   category points (data: a blood station carries more inherent risk than a pharmacy)
// + problem_finding_points × problem findings in the last finding_months (capped)
// + validation_overdue_points if the practice licence is overdue for validation (校验)
// + dishonesty_points if the target is on a dishonesty list (失信名单)
// + complaint_points × substantiated complaints in the last year (capped)
// A: below grade_min_points.B … D: at or above grade_min_points.D. Parameters: data/inspection/rules.json.
#include <map>
#include <string>
#include <vector>

namespace weijian::inspection {

struct RiskParams {
  std::map<std::string, int> category_points;
  int problem_finding_points = 2, problem_finding_cap = 3, finding_months = 24;
  int validation_overdue_points = 2;
  int dishonesty_points = 4;
  int complaint_points = 1, complaint_cap = 3;
  int grade_b = 2, grade_c = 4, grade_d = 6;  // minimum points of grades B, C, D
};

struct RiskFacts {
  std::string category;
  int problem_findings = 0;
  bool validation_overdue = false;
  bool dishonest = false;
  int complaints = 0;
};

struct RiskGrade {
  char grade = 'A';
  int points = 0;
  std::vector<std::string> reasons;  // Chinese, one per contributing fact
};

RiskGrade risk_grade(const RiskFacts& facts, const RiskParams& params);

}  // namespace weijian::inspection
