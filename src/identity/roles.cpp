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
        "jurisdictions.manage", "roles.read", "ledger.read", "ledger.verify", "registry.read", "registry.manage", "inspection.read", "inspection.manage", "inspection.witness", "inspection.result"}},
      {"section_head",
       {"system.info", "users.read", "departments.read", "jurisdictions.read", "roles.read", "ledger.read",
        "ledger.verify", "registry.read", "registry.manage", "inspection.read", "inspection.manage", "inspection.witness", "inspection.result"}},
      {"inspector", {"system.info", "departments.read", "jurisdictions.read", "registry.read", "inspection.read", "inspection.result"}},
      {"legal_reviewer",
       {"system.info", "departments.read", "jurisdictions.read", "ledger.read", "ledger.verify", "registry.read", "inspection.read", "inspection.witness"}},
      {"insurance_auditor", {"system.info", "departments.read", "jurisdictions.read", "registry.read", "inspection.read"}},
      {"department_liaison", {"system.info", "departments.read", "jurisdictions.read", "registry.read", "inspection.read", "inspection.witness"}},
      {"institution_reporter", {"departments.read", "registry.read"}},
      // Medical-insurance claims audit (issue 5).
      {"admin", {"claims.read", "claims.audit", "claims.review", "claims.manage"}},
      {"section_head", {"claims.read"}},
      {"insurance_auditor", {"claims.read", "claims.audit", "claims.review", "claims.manage"}},
      // Credit supervision (issue 7). A role may appear again here: its grants add up.
      {"admin", {"credit.read", "credit.assess", "credit.review", "credit.manage", "credit.sanctions"}},
      {"section_head", {"credit.read", "credit.assess", "credit.review", "credit.manage", "credit.sanctions"}},
      {"inspector", {"credit.read", "credit.assess", "credit.sanctions"}},
      {"legal_reviewer", {"credit.read", "credit.review", "credit.sanctions"}},
      {"insurance_auditor", {"credit.read", "credit.sanctions"}},
      {"department_liaison", {"credit.sanctions"}},
      // The penalty register (enforcement), granted as credit.read/manage/review were for it.
      {"admin", {"enforcement.read", "enforcement.manage", "enforcement.review"}},
      {"section_head", {"enforcement.read", "enforcement.manage", "enforcement.review"}},
      {"inspector", {"enforcement.read"}},
      {"legal_reviewer", {"enforcement.read", "enforcement.review"}},
      {"insurance_auditor", {"enforcement.read"}},
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
      {"inspection.read", "查看双随机抽查"}, {"inspection.manage", "管理抽查事项、计划与抽取"},
      {"inspection.witness", "作为见证人录入随机数"}, {"inspection.result", "录入抽查结果"},
      {"credit.read", "查看信用记录"},       {"credit.assess", "不良执业行为记分"},
      {"credit.review", "信用审核（修复决定、撤回）"}, {"credit.manage", "信用管理（名单、双公示）"},
      {"credit.sanctions", "联合惩戒查询"},
      {"enforcement.read", "查看行政处罚决定"}, {"enforcement.manage", "登记行政处罚决定"},
      {"enforcement.review", "撤销行政处罚决定"},
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
    if (r == role && acts.count(action) > 0) return true;
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
