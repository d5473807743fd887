#pragma once
// The registry module's enumerations with their Chinese labels.
#include "core/labels.h"

namespace weijian::registry {

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
