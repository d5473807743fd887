#pragma once
// Inspection rules officials may change, from data/inspection/rules.json: the defaults a new
// sampling plan starts from, the publication limit and the provisional risk parameters.
#include <array>
#include <string>

#include "core/error.h"
#include "inspection/risk_grade.h"

namespace weijian::inspection {

struct InspectionRules {
  std::array<int, 4> ratios_percent{5, 10, 30, 60};  // A … D
  std::array<int, 4> exclude_months{12, 0, 0, 0};    // not drawn again for the same item within
  int routine_ratio_cap_percent = 60;               // key items have no cap
  int inspectors_per_task = 2;
  bool avoid_repeat = true;  // not the same inspector on the same target twice in a row
  int publish_within_working_days = 20;
  int due_working_days = 40;
  int witnesses_required = 2;
  int joint_plans_per_year = 2;  // joint cross-department checks a year (温州)
  RiskParams risk;

  static Result<InspectionRules> load(const std::string& path);
};

}  // namespace weijian::inspection
