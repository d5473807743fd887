#include "claims/rule_base.h"

#include <fstream>
#include <set>
#include <sstream>

namespace weijian::claims {
namespace {

constexpr const char* kKeys[kRuleCount] = {
    "sex_limit", "age_limit", "provider_level", "med_type_limit", "indication", "supply_days", "price_cap",
    "included_charge", "daily_frequency", "bed_days", "duplicate_therapy", "repeat_dispensing", "split_admission",
    "overlapping_stay", "outpatient_during_stay", "out_of_catalog", "large_prescription", "repeat_test",
    "practitioner_unqualified", "provider_unlicensed", "abnormal_usage"};

// A number parameter within [min, max]; names the rule and field when missing or out of range.
struct ParamReader {
  const Json& params;
  std::string rule;
  std::string where;  // "rules[3].params"
  std::vector<FieldError>& errors;

  template <class T>
  void number(const char* key, T min, T max, T& out) {
    auto it = params.find(key);
    if (it == params.end() || !it->is_number()) {
      errors.push_back({where + "." + key, "规则 " + rule + " 缺少数值参数 " + key});
      return;
    }
    const double v = it->get<double>();
    if (v < static_cast<double>(min) || v > static_cast<double>(max) ||
        (std::is_integral_v<T> && v != static_cast<double>(static_cast<std::int64_t>(v)))) {
      errors.push_back({where + "." + key, "规则 " + rule + " 的参数 " + key + " 应在 " + std::to_string(min) + " 至 " +
                                               std::to_string(max) + " 之间" + (std::is_integral_v<T> ? "（整数）" : "")});
      return;
    }
    out = static_cast<T>(v);
  }
};

}  // namespace

const char* rule_key(RuleId id) { return kKeys[static_cast<std::size_t>(id)]; }

bool rule_from_key(std::string_view key, RuleId& out) {
  for (std::size_t i = 0; i < kRuleCount; ++i)
    if (key == kKeys[i]) {
      out = static_cast<RuleId>(i);
      return true;
    }
  return false;
}

const char* verdict_key(Verdict v) { return v == Verdict::violation ? "violation" : "suspicious"; }
const char* verdict_label(Verdict v) { return v == Verdict::violation ? "违规" : "可疑"; }

Result<RuleBase> RuleBase::load(const std::string& path) {
  std::ifstream in(path);
  if (!in) return errors::unavailable("无法读取规则库“" + path + "”：请检查 --rules 或 --data-dir 设置。");
  std::stringstream ss;
  ss << in.rdbuf();
  Json j = Json::parse(ss.str(), nullptr, false);
  if (j.is_discarded()) return errors::unavailable("规则库“" + path + "”不是有效的 JSON。");
  auto rb = from_json(j, path);
  if (!rb.ok()) {
    Error e = rb.error();
    e.code = ErrorCode::unavailable;
    return e;
  }
  return rb;
}

Result<RuleBase> RuleBase::from_json(const Json& j, const std::string& source) {
  std::vector<FieldError> errs;
  RuleBase rb;
  if (!j.is_object() || !j.contains("rules") || !j["rules"].is_array())
    return errors::validation("规则库“" + source + "”应为含 rules 数组的对象。", {{"rules", "缺少 rules 数组"}});
  if (j.contains("basis") && j["basis"].is_string()) rb.basis_ = j["basis"].get<std::string>();
  std::set<std::string> seen;
  const Json& rules = j["rules"];
  for (std::size_t i = 0; i < rules.size(); ++i) {
    const Json& r = rules[i];
    const std::string where = "rules[" + std::to_string(i) + "]";
    if (!r.is_object() || !r.contains("id") || !r["id"].is_string()) {
      errs.push_back({where + ".id", "第 " + std::to_string(i + 1) + " 条规则缺少 id"});
      continue;
    }
    const std::string key = r["id"].get<std::string>();
    RuleId id;
    if (!rule_from_key(key, id)) {
      errs.push_back({where + ".id", "未知的规则 " + key});
      continue;
    }
    if (!seen.insert(key).second) {
      errs.push_back({where + ".id", "规则 " + key + " 出现了两次"});
      continue;
    }
    Rule rule;
    rule.id = id;
    if (!r.contains("name") || !r["name"].is_string() || r["name"].get<std::string>().empty())
      errs.push_back({where + ".name", "规则 " + key + " 缺少中文名称 name"});
    else rule.name = r["name"].get<std::string>();
    const std::string verdict = r.value("verdict", std::string());
    if (verdict == "violation") rule.verdict = Verdict::violation;
    else if (verdict == "suspicious") rule.verdict = Verdict::suspicious;
    else errs.push_back({where + ".verdict", "规则 " + key + " 的 verdict 应为 violation 或 suspicious"});
    if (!r.contains("enabled") || !r["enabled"].is_boolean())
      errs.push_back({where + ".enabled", "规则 " + key + " 的 enabled 应为 true 或 false"});
    else rule.enabled = r["enabled"].get<bool>();
    rule.severity = r.value("severity", std::string());
    if (rule.severity != "high" && rule.severity != "medium" && rule.severity != "low")
      errs.push_back({where + ".severity", "规则 " + key + " 的 severity 应为 high、medium 或 low"});
    if (r.contains("params") && !r["params"].is_object()) errs.push_back({where + ".params", "规则 " + key + " 的 params 应为对象"});
    else if (r.contains("params")) rule.params = r["params"];
    ParamReader p{rule.params, key, where + ".params", errs};
    auto& P = rb.params_;
    switch (id) {
      case RuleId::bed_days: p.number("min_stay_days", 0, 30, P.bed_min_stay_days); break;
      case RuleId::repeat_dispensing:
        p.number("early_ratio_numerator", 1, 100, P.dispensing_ratio_num);
        p.number("early_ratio_denominator", 1, 100, P.dispensing_ratio_den);
        break;
      case RuleId::split_admission:
        p.number("max_gap_days", 0, 365, P.split_max_gap_days);
        p.number("diagnosis_prefix_length", 1, 7, P.split_diagnosis_prefix);
        break;
      case RuleId::overlapping_stay: p.number("min_overlap_nights", 1, 365, P.overlap_min_nights); break;
      case RuleId::outpatient_during_stay: {
        auto it = rule.params.find("med_types");
        P.during_stay_med_types.clear();
        bool ok = it != rule.params.end() && it->is_array() && !it->empty();
        if (ok)
          for (const auto& t : *it) {
            if (!t.is_number_integer() || (t != 11 && t != 14 && t != 41)) ok = false;
            else P.during_stay_med_types.push_back(t.get<int>());
          }
        if (!ok) errs.push_back({where + ".params.med_types", "规则 " + key + " 的 med_types 应为 11、14、41 中的若干个"});
        break;
      }
      case RuleId::large_prescription: {
        double outpatient = 0, chronic = 0;
        p.number("max_drug_total_outpatient", 1.0, 1e7, outpatient);
        p.number("max_drug_total_chronic", 1.0, 1e7, chronic);
        p.number("max_distinct_drugs", 1, 100, P.large_max_distinct_drugs);
        P.large_outpatient_fen = static_cast<std::int64_t>(outpatient * 100 + 0.5);
        P.large_chronic_fen = static_cast<std::int64_t>(chronic * 100 + 0.5);
        break;
      }
      case RuleId::repeat_test: p.number("window_days", 1, 365, P.repeat_test_window_days); break;
      case RuleId::abnormal_usage:
        p.number("median_multiple", 1.0, 100.0, P.abnormal_median_multiple);
        p.number("min_z_score", 0.0, 100.0, P.abnormal_min_z);
        p.number("min_providers", 3, 100000, P.abnormal_min_providers);
        break;
      default: break;
    }
    rb.rules_[static_cast<std::size_t>(id)] = std::move(rule);
  }
  for (std::size_t i = 0; i < kRuleCount; ++i)
    if (!seen.count(kKeys[i])) errs.push_back({"rules", std::string("缺少规则 ") + kKeys[i]});
  if (!errs.empty()) {
    std::string detail = "规则库“" + source + "”有误：";
    for (std::size_t i = 0; i < errs.size() && i < 5; ++i) detail += (i ? "；" : "") + errs[i].field + "：" + errs[i].message;
    if (errs.size() > 5) detail += "；等 " + std::to_string(errs.size()) + " 处";
    return errors::validation(detail + "。", errs);
  }
  return rb;
}

Json RuleBase::to_json() const {
  Json rules = Json::array();
  for (const auto& r : rules_)
    rules.push_back({{"id", rule_key(r.id)}, {"name", r.name}, {"verdict", verdict_key(r.verdict)}, {"severity", r.severity},
                     {"enabled", r.enabled}, {"params", r.params}});
  return Json{{"basis", basis_}, {"rules", rules}};
}

}  // namespace weijian::claims
