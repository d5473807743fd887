#pragma once
// The identity module's enumerations with their Chinese labels.
#include <vector>

#include "core/labels.h"
#include "identity/roles.h"

namespace weijian::identity {

// Top-down: each level's children are of the next one.
inline constexpr Label kJurisdictionLevels[] = {{"city", "市"}, {"district", "区县"}, {"town", "乡镇街道"}, {"grid_cell", "网格"}};

// The enumerations identity publishes (GET /api/v1/labels), in the words its endpoints use.
inline std::vector<LabelSet> label_sets() {
  LabelSet role{"identity.role", {}};
  for (const auto& r : roles()) role.labels.push_back({r.role.data(), r.label.data()});  // literals: NUL-terminated
  return {role,
          {"identity.user_status", {{"active", "正常"}, {"disabled", "已停用"}}},
          {"identity.jurisdiction_level", {std::begin(kJurisdictionLevels), std::end(kJurisdictionLevels)}},
          {"identity.subject_type",
           {{"user", "用户"}, {"department", "部门"}, {"jurisdiction", "辖区"}, {"session", "登录会话"}, {"role", "角色"}}}};
}

// The ledger actions (events) this module records, with the words the audit view shows.
inline LabelSet event_labels() {
  return {"ledger.action",
          {
              {"auth.login", "登录"},
              {"auth.login_failed", "登录失败"},
              {"auth.locked", "账户锁定"},
              {"auth.logout", "退出登录"},
              {"auth.password_change", "修改密码"},
              {"auth.totp_setup", "申请双因素密钥"},
              {"auth.totp_enable", "开启双因素认证"},
              {"auth.totp_disable", "关闭双因素认证"},
              {"user.create", "新建用户"},
              {"user.update", "修改用户"},
              {"user.password_reset", "重置密码"},
              {"user.unlock", "解锁账户"},
              {"user.sessions_revoke", "强制下线"},
              {"department.create", "新建部门"},
              {"department.update", "修改部门"},
              {"jurisdiction.create", "新建辖区"},
              {"jurisdiction.update", "修改辖区"},
          }};
}

}  // namespace weijian::identity
