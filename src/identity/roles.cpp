#include "identity/roles.h"

#include <algorithm>
#include <set>
#include <utility>

namespace weijian::identity {
namespace {

// The matrix. A role holds exactly the actions listed for it; nothing is inherited.
// Reviewing a change here is reviewing the system's access control.
const std::vector<std::pair<std::string_view, std::set<std::string_view>>>& matrix() {
  static const std::vector<std::pair<std::string_view, std::set<std::string_view>>> m = {
      {"admin",
       {"system.info", "users.read", "users.manage", "departments.read", "departments.manage", "jurisdictions.read",
        "jurisdictions.manage", "roles.read", "ledger.read", "ledger.verify", "registry.read", "registry.manage",
        "claims.read", "claims.audit", "claims.review", "claims.manage"}},
      {"section_head",
       {"system.info", "users.read", "departments.read", "jurisdictions.read", "roles.read", "ledger.read",
        "ledger.verify", "registry.read", "registry.manage", "claims.read"}},
      {"inspector", {"system.info", "departments.read", "jurisdictions.read", "registry.read"}},
      {"legal_reviewer",
       {"system.info", "departments.read", "jurisdictions.read", "ledger.read", "ledger.verify", "registry.read"}},
      {"insurance_auditor",
       {"system.info", "departments.read", "jurisdictions.read", "registry.read", "claims.read", "claims.audit", "claims.review",
        "claims.manage"}},
      {"department_liaison", {"system.info", "departments.read", "jurisdictions.read", "registry.read"}},
      {"institution_reporter", {"departments.read", "registry.read"}},
  };
  return m;
}

}  // namespace

const std::vector<RoleInfo>& roles() {
  static const std::vector<RoleInfo> r = {
      {"admin", "系统管理员"},          {"inspector", "监督执法人员"},
      {"section_head", "执法科室负责人"}, {"legal_reviewer", "法制审核人员"},
      {"insurance_auditor", "医保审核人员"}, {"department_liaison", "部门联络员"},
      {"institution_reporter", "机构填报人员"},
  };
  return r;
}

const std::vector<ActionInfo>& actions() {
  static const std::vector<ActionInfo> a = {
      {"system.info", "查看系统概况"},       {"users.read", "查看用户"},
      {"users.manage", "管理用户"},          {"departments.read", "查看部门"},
      {"departments.manage", "管理部门"},    {"jurisdictions.read", "查看辖区与网格"},
      {"jurisdictions.manage", "管理辖区与网格"}, {"roles.read", "查看角色与权限"},
      {"ledger.read", "查看审计日志"},       {"ledger.verify", "校验审计日志完整性"},
      {"registry.read", "查看名录库"},       {"registry.manage", "登记与变更名录库"},
      {"claims.read", "查看医保审核疑点与统计"}, {"claims.audit", "上传费用明细与医保智能审核"},
      {"claims.review", "审核医保疑点（确认或排除）"}, {"claims.manage", "维护医保审核规则库"},
  };
  return a;
}

bool is_role(std::string_view role) {
  return std::any_of(roles().begin(), roles().end(), [&](const RoleInfo& r) { return r.role == role; });
}

std::string role_label(std::string_view role) {
  for (const auto& r : roles())
    if (r.role == role) return std::string(r.label);
  return std::string(role);
}

bool allowed(std::string_view role, std::string_view action) {
  for (const auto& [r, acts] : matrix())
    if (r == role) return acts.count(action) > 0;
  return false;
}

std::vector<std::string> permissions_of(std::string_view role) {
  std::vector<std::string> out;
  for (const auto& a : actions())
    if (allowed(role, a.action)) out.emplace_back(a.action);
  return out;
}

bool unrestricted_scope(std::string_view role) { return role == "admin"; }

}  // namespace weijian::identity
