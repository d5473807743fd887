#include "registry/rules.h"

#include <fstream>
#include <sstream>

#include "core/json.h"

namespace weijian::registry {

Date RegistryRules::validation_due(Date last, int beds) const {
  return add_years(last, beds >= bed_threshold ? interval_years_at_or_above : interval_years_below);
}

Result<RegistryRules> RegistryRules::load(const std::string& path) {
  std::ifstream in(path);
  if (!in) return errors::unavailable("无法读取登记规则文件“" + path + "”：请检查 --data-dir 设置。");
  std::stringstream ss;
  ss << in.rdbuf();
  Json j = Json::parse(ss.str(), nullptr, false);
  RegistryRules r;
  try {
    const Json& v = j.at("license_validation");
    r.bed_threshold = v.at("bed_threshold").get<int>();
    r.interval_years_below = v.at("interval_years_below").get<int>();
    r.interval_years_at_or_above = v.at("interval_years_at_or_above").get<int>();
    r.nurse_registration_years = j.at("nurse_registration_years").get<int>();
    r.renewal_notice_days = j.at("renewal_notice_days").get<int>();
  } catch (const std::exception&) {
    return errors::unavailable("登记规则文件“" + path + "”缺少字段或格式不对：需要 license_validation.bed_threshold 等。");
  }
  if (r.bed_threshold < 1 || r.interval_years_below < 1 || r.interval_years_at_or_above < 1 || r.nurse_registration_years < 1)
    return errors::unavailable("登记规则文件“" + path + "”中的年限和床位数应为正整数。");
  return r;
}

}  // namespace weijian::registry
