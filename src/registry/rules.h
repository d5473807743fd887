#pragma once
// Registry rules that officials may change, from data/registry/rules.json.
#include <string>

#include "core/date.h"
#include "core/error.h"

namespace weijian::registry {

struct RegistryRules {
  int bed_threshold = 100;
  int interval_years_below = 1;
  int interval_years_at_or_above = 3;
  int nurse_registration_years = 5;
  int renewal_notice_days = 90;

  static Result<RegistryRules> load(const std::string& path);
  // 校验: every year under the bed threshold, every 3 years at or above it.
  Date validation_due(Date last_validated_or_issued, int beds) const;
};


}  // namespace weijian::registry
