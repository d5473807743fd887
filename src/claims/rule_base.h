#pragma once
// The rule base (规则库): for each audit rule its Chinese name, verdict, severity, whether it
// is enabled and its parameters, from data/claims/rules.json. Auditors change it without a
// rebuild; a malformed file is refused at load with the rule and field named.
#include <array>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/error.h"
#include "core/json.h"

namespace weijian::claims {

// Stable ids, in the order of the table in docs/claims.md.
enum class RuleId : std::uint8_t {
  sex_limit, age_limit, provider_level, med_type_limit, indication, supply_days, price_cap, included_charge,
  daily_frequency, bed_days, duplicate_therapy, repeat_dispensing, split_admission, overlapping_stay,
  outpatient_during_stay, out_of_catalog, large_prescription, repeat_test, practitioner_unqualified,
  provider_unlicensed, abnormal_usage,
};
inline constexpr std::size_t kRuleCount = 21;

const char* rule_key(RuleId id);                     // "sex_limit"
bool rule_from_key(std::string_view key, RuleId& out);

enum class Verdict : std::uint8_t { violation, suspicious };
const char* verdict_key(Verdict v);    // "violation"
const char* verdict_label(Verdict v);  // "违规"

struct Rule {
  RuleId id{};
  std::string name;
  Verdict verdict = Verdict::violation;
  std::string severity = "medium";  // high | medium | low
  bool enabled = true;
  Json params = Json::object();
};

// Typed parameters, checked at load.
struct RuleParams {
  int bed_min_stay_days = 1;
  int dispensing_ratio_num = 2, dispensing_ratio_den = 3;
  int split_max_gap_days = 15, split_diagnosis_prefix = 3;
  int overlap_min_nights = 1;
  std::vector<int> during_stay_med_types = {11, 14, 41};
  std::int64_t large_outpatient_fen = 100000, large_chronic_fen = 300000;
  int large_max_distinct_drugs = 5;
  int repeat_test_window_days = 7;
  double abnormal_median_multiple = 3.0, abnormal_min_z = 3.0;
  int abnormal_min_providers = 5;
};

class RuleBase {
 public:
  static Result<RuleBase> load(const std::string& path);
  // Validates a whole rule base (as the file holds it); errors name rule and field and carry
  // FieldErrors "rules[i].field" for the editor.
  static Result<RuleBase> from_json(const Json& j, const std::string& source);
  Json to_json() const;

  const Rule& rule(RuleId id) const { return rules_[static_cast<std::size_t>(id)]; }
  bool enabled(RuleId id) const { return rule(id).enabled; }
  const RuleParams& params() const { return params_; }
  const std::string& basis() const { return basis_; }

 private:
  std::array<Rule, kRuleCount> rules_{};
  RuleParams params_;
  std::string basis_;
};

}  // namespace weijian::claims
