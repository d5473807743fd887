/** The action strings routes and buttons are guarded by; the server holds the matrix. */
export const PERMISSIONS = {
  systemInfo: 'system.info',
  usersRead: 'users.read',
  usersManage: 'users.manage',
  departmentsRead: 'departments.read',
  departmentsManage: 'departments.manage',
  jurisdictionsRead: 'jurisdictions.read',
  jurisdictionsManage: 'jurisdictions.manage',
  ledgerRead: 'ledger.read',
  ledgerVerify: 'ledger.verify',
  rolesRead: 'roles.read',
  registryRead: 'registry.read',
  registryManage: 'registry.manage',
  inspectionRead: 'inspection.read',
  inspectionManage: 'inspection.manage',
  inspectionWitness: 'inspection.witness',
  inspectionResult: 'inspection.result',
  creditRead: 'credit.read',
  creditAssess: 'credit.assess',
  creditReview: 'credit.review',
  creditManage: 'credit.manage',
  creditSanctions: 'credit.sanctions',
  enforcementRead: 'enforcement.read',
  enforcementManage: 'enforcement.manage',
  enforcementReview: 'enforcement.review',
  claimsRead: 'claims.read',
  claimsAudit: 'claims.audit',
  claimsReview: 'claims.review',
  claimsManage: 'claims.manage',
} as const

export type Permission = (typeof PERMISSIONS)[keyof typeof PERMISSIONS]

/** Chinese names of the known actions, for the permission matrix. */
export const PERMISSION_LABELS: Record<string, string> = {
  'system.info': '查看系统概况',
  'users.read': '查看用户',
  'users.manage': '管理用户',
  'departments.read': '查看部门',
  'departments.manage': '管理部门',
  'jurisdictions.read': '查看辖区与网格',
  'jurisdictions.manage': '管理辖区与网格',
  'ledger.read': '查看审计日志',
  'ledger.verify': '校验审计日志完整性',
  'roles.read': '查看角色与权限',
  'registry.read': '查看名录库',
  'registry.manage': '登记与变更名录库',
  'inspection.read': '查看双随机抽查',
  'inspection.manage': '管理抽查事项、计划与抽取',
  'inspection.witness': '作为见证人录入随机数',
  'inspection.result': '录入抽查结果',
  'credit.read': '查看信用记录',
  'credit.assess': '不良执业行为记分',
  'credit.review': '信用审核（修复决定、撤回）',
  'credit.manage': '信用管理（名单、双公示）',
  'credit.sanctions': '联合惩戒查询',
  'enforcement.read': '查看行政处罚决定',
  'enforcement.manage': '登记行政处罚决定',
  'enforcement.review': '撤销行政处罚决定',
  'claims.read': '查看医保审核疑点与统计',
  'claims.audit': '上传费用明细与医保智能审核',
  'claims.review': '审核医保疑点（确认或排除）',
  'claims.manage': '维护医保审核规则库',
}

/** Chinese names of the modules an action string starts with (`users.read` → 用户). */
export const PERMISSION_GROUP_LABELS: Record<string, string> = {
  system: '系统',
  users: '用户',
  departments: '部门',
  jurisdictions: '辖区与网格',
  ledger: '审计日志',
  roles: '角色与权限',
  registry: '名录库',
  inspection: '双随机抽查',
  credit: '信用监管',
  enforcement: '行政处罚',
  claims: '医保智能审核',
}

export function permissionLabel(action: string): string {
  return PERMISSION_LABELS[action] ?? action
}

export function permissionGroup(action: string): string {
  const prefix = action.split('.', 1)[0] ?? action
  return PERMISSION_GROUP_LABELS[prefix] ?? prefix
}
