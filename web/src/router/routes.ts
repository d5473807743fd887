import { markRaw, type Component } from 'vue'
import type { RouteRecordRaw } from 'vue-router'
import {
  Avatar,
  Calendar,
  Collection,
  Finished,
  Histogram,
  Tickets,
  CircleCheck,
  Medal,
  Stamp,
  DataAnalysis,
  Document,
  FirstAidKit,
  HomeFilled,
  Key,
  List,
  Location,
  Money,
  OfficeBuilding,
  Setting,
  User,
  Warning,
  Aim,
} from '@element-plus/icons-vue'
import { PERMISSIONS } from '@/api/permissions'

declare module 'vue-router' {
  interface RouteMeta {
    /** Chinese title: the menu entry, the breadcrumb and the browser tab. */
    title?: string
    /** Element Plus icon shown beside the menu entry. */
    icon?: Component
    /** Leave the route out of the side menu. */
    hideInMenu?: boolean
    /**
     * The action the user must hold to see the page (and its menu entry). Without it the
     * shell shows the 403 page in its place. A parent's permission applies to its children.
     */
    permission?: string
    /** Open without signing in (the login page, the public portal). Children inherit it. */
    public?: boolean
    /** The menu entry to highlight on a page that is not in the menu (a detail page). */
    activeMenu?: string
  }
}

/**
 * The pages inside the application shell.
 *
 * Each module adds its pages here, once: the side menu is built from this list
 * (a route with `meta.title` and `children` becomes a sub-menu). Order here is order there.
 * Entries whose `meta.permission` the user lacks are left out of the menu.
 */
export const appRoutes: RouteRecordRaw[] = [
  {
    path: '',
    name: 'home',
    component: () => import('@/views/HomeView.vue'),
    meta: { title: '首页', icon: markRaw(HomeFilled), permission: PERMISSIONS.systemInfo },
  },
  {
    path: 'registry',
    meta: { title: '名录库', icon: markRaw(Collection), permission: PERMISSIONS.registryRead },
    redirect: '/registry/institutions',
    children: [
      {
        path: 'institutions',
        name: 'institutions',
        component: () => import('@/views/registry/InstitutionsView.vue'),
        meta: { title: '医疗卫生机构', icon: markRaw(OfficeBuilding) },
      },
      {
        path: 'institutions/:id(\\d+)',
        name: 'institution-detail',
        component: () => import('@/views/registry/InstitutionDetailView.vue'),
        meta: { title: '机构详情', hideInMenu: true, activeMenu: '/registry/institutions' },
      },
      {
        path: 'practitioners',
        name: 'practitioners',
        component: () => import('@/views/registry/PractitionersView.vue'),
        meta: { title: '医务人员', icon: markRaw(FirstAidKit) },
      },
      {
        path: 'practitioners/:id(\\d+)',
        name: 'practitioner-detail',
        component: () => import('@/views/registry/PractitionerDetailView.vue'),
        meta: { title: '人员详情', hideInMenu: true, activeMenu: '/registry/practitioners' },
      },
      {
        path: 'validations',
        name: 'overdue-validations',
        component: () => import('@/views/registry/OverdueValidationsView.vue'),
        meta: { title: '校验到期', icon: markRaw(Warning) },
      },
      {
        path: 'eregistration',
        name: 'e-registration',
        component: () => import('@/views/registry/ERegistrationView.vue'),
        meta: { title: '电子化注册率', icon: markRaw(DataAnalysis) },
      },
      {
        path: 'inspectors',
        name: 'inspectors',
        component: () => import('@/views/registry/InspectorsView.vue'),
        meta: { title: '执法人员', icon: markRaw(Avatar) },
      },
      {
        path: 'responsibilities',
        name: 'responsibilities',
        component: () => import('@/views/registry/ResponsibilityListView.vue'),
        meta: { title: '权责清单', icon: markRaw(List) },
      },
    ],
  },
  {
    path: 'inspection',
    meta: { title: '双随机抽查', icon: markRaw(Aim), permission: PERMISSIONS.inspectionRead },
    redirect: '/inspection/tasks',
    children: [
      {
        path: 'items',
        name: 'inspection-items',
        component: () => import('@/views/inspection/ItemsView.vue'),
        meta: { title: '抽查事项清单', icon: markRaw(Tickets) },
      },
      {
        path: 'plans',
        name: 'inspection-plans',
        component: () => import('@/views/inspection/PlansView.vue'),
        meta: { title: '抽查计划', icon: markRaw(Calendar) },
      },
      {
        path: 'plans/:id(\\d+)',
        name: 'inspection-plan',
        component: () => import('@/views/inspection/PlanDetailView.vue'),
        meta: { title: '抽取', hideInMenu: true, activeMenu: '/inspection/plans' },
      },
      {
        path: 'tasks',
        name: 'inspection-tasks',
        component: () => import('@/views/inspection/TasksView.vue'),
        meta: { title: '任务看板', icon: markRaw(Finished) },
      },
      {
        path: 'tasks/:id(\\d+)',
        name: 'inspection-task',
        component: () => import('@/views/inspection/TaskView.vue'),
        meta: { title: '抽查任务', hideInMenu: true, activeMenu: '/inspection/tasks' },
      },
      {
        path: 'stats',
        name: 'inspection-stats',
        component: () => import('@/views/inspection/StatsView.vue'),
        meta: { title: '抽查统计', icon: markRaw(Histogram) },
      },
    ],
  },
  {
    path: 'credit',
    meta: { title: '信用监管', icon: markRaw(Medal) },
    redirect: '/credit/sanctions',
    children: [
      {
        path: 'sanctions',
        name: 'credit-sanctions',
        component: () => import('@/views/credit/SanctionsCheckView.vue'),
        meta: { title: '联合惩戒查询', icon: markRaw(CircleCheck), permission: PERMISSIONS.creditSanctions },
      },
      {
        path: 'points',
        name: 'credit-points',
        component: () => import('@/views/credit/PointsView.vue'),
        meta: { title: '不良执业行为记分', icon: markRaw(Warning), permission: PERMISSIONS.creditRead },
      },
      {
        path: 'consequences',
        name: 'credit-consequences',
        component: () => import('@/views/credit/ConsequencesView.vue'),
        meta: { title: '记分阈值与处理', icon: markRaw(DataAnalysis), permission: PERMISSIONS.creditRead },
      },
      {
        path: 'lists',
        name: 'credit-lists',
        component: () => import('@/views/credit/ListsView.vue'),
        meta: { title: '信用名单', icon: markRaw(List), permission: PERMISSIONS.creditRead },
      },
      {
        path: 'restorations',
        name: 'credit-restorations',
        component: () => import('@/views/credit/RestorationsView.vue'),
        meta: { title: '信用修复', icon: markRaw(Document), permission: PERMISSIONS.creditRead },
      },
      {
        path: 'penalties',
        name: 'credit-penalties',
        component: () => import('@/views/credit/PenaltiesView.vue'),
        meta: { title: '行政处罚决定', icon: markRaw(Stamp), permission: PERMISSIONS.enforcementRead },
      },
      {
        path: 'records',
        name: 'credit-records',
        component: () => import('@/views/credit/CreditRecordView.vue'),
        meta: { title: '信用档案', icon: markRaw(User), permission: PERMISSIONS.creditRead },
      },
      {
        path: 'records/:code',
        name: 'credit-record',
        component: () => import('@/views/credit/CreditRecordView.vue'),
        meta: { title: '信用档案', hideInMenu: true, activeMenu: '/credit/records', permission: PERMISSIONS.creditRead },
      },
      {
        path: 'dual-publication',
        name: 'credit-dual-publication',
        component: () => import('@/views/credit/DualPublicationView.vue'),
        meta: { title: '双公示导出', icon: markRaw(Collection), permission: PERMISSIONS.creditManage },
      },
    ],
  },
  {
    path: 'claims',
    meta: { title: '医保智能审核', icon: markRaw(Money), permission: PERMISSIONS.claimsRead },
    redirect: '/claims/findings',
    children: [
      {
        path: 'findings',
        name: 'claims-findings',
        component: () => import('@/views/claims/FindingsView.vue'),
        meta: { title: '疑点审核', icon: markRaw(Warning) },
      },
      {
        path: 'encounters/:mdtrtId',
        name: 'claims-encounter',
        component: () => import('@/views/claims/EncounterView.vue'),
        meta: { title: '就诊明细', hideInMenu: true, activeMenu: '/claims/findings' },
      },
      {
        path: 'charts',
        name: 'claims-charts',
        component: () => import('@/views/claims/ChartsView.vue'),
        meta: { title: '统计分析', icon: markRaw(DataAnalysis) },
      },
      {
        path: 'rules',
        name: 'claims-rules',
        component: () => import('@/views/claims/RulesView.vue'),
        meta: { title: '规则库', icon: markRaw(Document) },
      },
    ],
  },
  {
    path: 'system',
    meta: { title: '系统管理', icon: markRaw(Setting) },
    redirect: '/system/users',
    children: [
      {
        path: 'users',
        name: 'users',
        component: () => import('@/views/system/UsersView.vue'),
        meta: { title: '用户管理', icon: markRaw(User), permission: PERMISSIONS.usersRead },
      },
      {
        path: 'departments',
        name: 'departments',
        component: () => import('@/views/system/DepartmentsView.vue'),
        meta: { title: '部门', icon: markRaw(OfficeBuilding), permission: PERMISSIONS.departmentsRead },
      },
      {
        path: 'jurisdictions',
        name: 'jurisdictions',
        component: () => import('@/views/system/JurisdictionsView.vue'),
        meta: { title: '辖区与网格', icon: markRaw(Location), permission: PERMISSIONS.jurisdictionsRead },
      },
      {
        path: 'roles',
        name: 'roles',
        component: () => import('@/views/system/RolesView.vue'),
        meta: { title: '角色与权限', icon: markRaw(Key), permission: PERMISSIONS.rolesRead },
      },
      {
        path: 'ledger',
        name: 'ledger',
        component: () => import('@/views/system/LedgerView.vue'),
        meta: { title: '审计日志', icon: markRaw(Document), permission: PERMISSIONS.ledgerRead },
      },
    ],
  },
  {
    path: 'account',
    name: 'account',
    component: () => import('@/views/AccountView.vue'),
    // Every signed-in user has an account page: reached from the top bar, not the menu.
    meta: { title: '账户安全', hideInMenu: true },
  },
]

/** Anything unmatched: shown inside the shell so the user can navigate on. */
export const notFoundRoute: RouteRecordRaw = {
  path: ':pathMatch(.*)*',
  name: 'not-found',
  component: () => import('@/views/NotFoundView.vue'),
  meta: { title: '页面不存在', hideInMenu: true },
}

/** The sign-in page: standalone, outside the shell. */
export const loginRoute: RouteRecordRaw = {
  path: '/login',
  name: 'login',
  component: () => import('@/views/LoginView.vue'),
  meta: { title: '登录', public: true },
}

/**
 * 公开查询: the public portal, outside the shell and without signing in (`meta.public` on the
 * parent covers every page below it). Its API routes need no session either.
 */
export const portalRoute: RouteRecordRaw = {
  path: '/portal',
  component: () => import('@/layouts/PortalLayout.vue'),
  meta: { public: true, title: '医疗卫生机构公开查询' },
  children: [
    {
      path: '',
      name: 'portal-institutions',
      component: () => import('@/views/portal/PortalInstitutionsView.vue'),
      meta: { title: '医疗卫生机构公开查询' },
    },
    {
      path: 'institutions/:id(\\d+)',
      name: 'portal-institution',
      component: () => import('@/views/portal/PortalInstitutionView.vue'),
      meta: { title: '机构信息 · 公开查询' },
    },
    {
      path: 'practitioners',
      name: 'portal-practitioners',
      component: () => import('@/views/portal/PortalPractitionersView.vue'),
      meta: { title: '医务人员 · 公开查询' },
    },
    {
      path: 'inspection',
      name: 'portal-inspection',
      component: () => import('@/views/portal/PortalInspectionView.vue'),
      meta: { title: '双随机抽查公示 · 公开查询' },
    },
    {
      path: ':pathMatch(.*)*',
      name: 'portal-not-found',
      component: () => import('@/views/portal/PortalNotFoundView.vue'),
      meta: { title: '页面不存在 · 公开查询' },
    },
  ],
}
