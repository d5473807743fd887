#pragma once
// The registry module's enumerations with their Chinese labels.
#include <iterator>
#include <vector>

#include "core/labels.h"

namespace weijian::registry {

inline constexpr Label kCategories[] = {
    {"hospital", "医院"},          {"primary_care", "基层医疗卫生机构"}, {"public_health", "专业公共卫生机构"},
    {"clinic", "诊所、门诊部"},    {"pharmacy", "药店"},                 {"health_check", "健康体检中心"},
    {"elderly_care_clinic", "医养结合机构"}, {"blood_station", "血站"},  {"other", "其他医疗卫生机构"},
};
inline constexpr Label kLicenseStatuses[] = {
    {"valid", "有效"},   {"validation_deferred", "暂缓校验"}, {"suspended", "暂停执业"}, {"revoked", "吊销"},
    {"cancelled", "注销"}, {"expired", "已过有效期"},          {"not_issued", "尚未发证"},
};
inline constexpr Label kLicenseEvents[] = {
    {"issue", "发证"},       {"validate", "校验"}, {"defer_validation", "暂缓校验"}, {"suspend", "暂停执业"},
    {"reinstate", "恢复执业"}, {"revoke", "吊销"},   {"cancel", "注销"},
};
inline constexpr Label kKinds[] = {{"physician", "医师"}, {"nurse", "护士"}, {"pharmacist", "药师"}, {"technician", "技师"}};
inline constexpr Label kRecordStatuses[] = {
    {"active", "正常"},      {"suspended", "暂停"},     {"revoked", "吊销"},        {"closed", "关闭"},
    {"registered", "已注册"}, {"cancelled", "已注销"}, {"unregistered", "未注册"},
};

inline constexpr Label kOwnerships[] = {{"public", "公立"}, {"private", "社会办"}};
inline constexpr Label kProfitTypes[] = {{"non_profit", "非营利性"}, {"for_profit", "营利性"}};
inline constexpr Label kGrades[] = {{"3A", "三级甲等"}, {"3B", "三级乙等"}, {"3C", "三级丙等"}, {"2A", "二级甲等"}, {"2B", "二级乙等"},
                                    {"2C", "二级丙等"}, {"1A", "一级甲等"}, {"1B", "一级乙等"}, {"1C", "一级丙等"}};

template <std::size_t N>
LabelSet label_set(const char* name, const Label (&table)[N]) {
  return {name, {std::begin(table), std::end(table)}};
}

// The enumerations the registry publishes (GET /api/v1/labels), in the words its endpoints use.
inline std::vector<LabelSet> label_sets() {
  return {
      label_set("registry.category", kCategories),
      label_set("registry.ownership", kOwnerships),
      label_set("registry.profit_type", kProfitTypes),
      label_set("registry.grade", kGrades),
      {"registry.institution_status", {kRecordStatuses[0], kRecordStatuses[1], kRecordStatuses[2], kRecordStatuses[3]}},
      label_set("registry.license_status", kLicenseStatuses),
      label_set("registry.license_event", kLicenseEvents),
      label_set("registry.practitioner_kind", kKinds),
      {"registry.practitioner_status",
       {kRecordStatuses[4], kRecordStatuses[5], kRecordStatuses[6], {"lapsed", "注册已过期"}}},
      {"registry.registration_event",
       {{"register", "首次注册"}, {"change", "变更执业机构"}, {"renew", "延续注册"}, {"cancel", "注销注册"},
        {"add_site", "新增备案机构"}, {"end_site", "结束备案"}}},
      {"registry.sex", {{"M", "男"}, {"F", "女"}}},
      {"registry.inspector_status", {{"active", "在岗"}, {"inactive", "离岗"}}},
      // The ledger's subject types this module records (merged into identity's set).
      {"identity.subject_type",
       {{"institution", "医疗卫生机构"}, {"practice_license", "执业许可证"}, {"practitioner", "医务人员"},
        {"inspector", "执法人员"}, {"responsibility_list", "权责清单"}}},
  };
}

// The ledger actions (events) this module records, with the words the audit view shows.
inline LabelSet event_labels() {
  return {"ledger.action",
          {
              {"institution.create", "登记机构"},
              {"institution.update", "变更机构信息"},
              {"institution.import", "导入机构"},
              {"license.issue", "发放执业许可证"},
              {"license.validate", "许可证校验"},
              {"license.defer_validation", "暂缓校验"},
              {"license.suspend", "暂停执业"},
              {"license.reinstate", "恢复执业"},
              {"license.revoke", "吊销许可证"},
              {"license.cancel", "注销许可证"},
              {"practitioner.register", "执业注册"},
              {"practitioner.change", "变更注册"},
              {"practitioner.renew", "延续注册"},
              {"practitioner.cancel", "注销注册"},
              {"practitioner.add_site", "多机构执业备案"},
              {"practitioner.end_site", "结束多机构执业备案"},
              {"practitioner.import", "导入医务人员"},
              {"inspector.create", "登记执法人员"},
              {"inspector.conflict_declare", "申报回避"},
              {"responsibility_list.seed", "初始化权责清单"},
              {"registry.demo_load", "生成演示名录"},
          }};
}

}  // namespace weijian::registry
