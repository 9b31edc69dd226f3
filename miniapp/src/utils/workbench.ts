// The 工作台's entries: the phone menu and the desktop console's side navigation read this one list.
import { ROUTES } from '@/routes';

export interface WorkbenchEntry {
  id: string;
  title: string;
  desc: string;
  url: string;
  group: string;
}

export const WORKBENCH_ENTRIES: WorkbenchEntry[] = [
  {
    group: '投诉',
    id: 'workbench-due',
    title: '临期投诉',
    desc: '各伙伴未办结投诉，按剩余工作时间排序',
    url: ROUTES.dueQueue,
  },
  {
    group: '投诉',
    id: 'workbench-sla',
    title: '投诉时效报表',
    desc: '各伙伴时限内回复占比、趋势与 Excel 导出',
    url: ROUTES.slaReport,
  },
  { group: '投诉', id: 'workbench-register', title: '投诉登记', desc: '登记一条新投诉', url: ROUTES.register },
  {
    group: '投诉',
    id: 'workbench-complaint-import',
    title: '投诉导入',
    desc: '上传 Excel/CSV：其他系统的存量投诉，按原受理时间计时',
    url: ROUTES.complaintImport,
  },
  {
    group: '考核',
    id: 'workbench-board',
    title: '考核看板',
    desc: '各伙伴本期得分；入网评分、安全事件从这里录入',
    url: ROUTES.board(),
  },
  {
    group: '考核',
    id: 'workbench-appeals',
    title: '申诉处理',
    desc: '积分扣分申诉：成立或驳回',
    url: ROUTES.staffAppeals,
  },
  {
    group: '考核',
    id: 'workbench-rectifications',
    title: '整改审核',
    desc: '伙伴提交的整改方案：通过或不通过',
    url: ROUTES.staffRectifications,
  },
  {
    group: '考核',
    id: 'workbench-close',
    title: '考核结算',
    desc: '半年度考核期结束后冻结得分',
    url: ROUTES.closePeriod,
  },
  {
    group: '考核',
    id: 'workbench-import',
    title: '月度数据导入',
    desc: '上传 Excel/CSV：收入、交易成功率、客户数',
    url: ROUTES.metricsImport,
  },
  {
    group: '考核',
    id: 'workbench-exports',
    title: '数据导出',
    desc: '考核结果、积分月报（Excel）',
    url: ROUTES.exports,
  },
  // intake (FT-3..FT-11)
  {
    group: '引入',
    id: 'workbench-recruitments',
    title: '招募管理',
    desc: '新建、发布、截止招募公告',
    url: ROUTES.intake.staffRecruitments,
  },
  {
    group: '引入',
    id: 'workbench-intake-queue',
    title: '预审 / 评估队列',
    desc: '按截止时间排序，倒计时',
    url: ROUTES.intake.staffQueue('pre_review'),
  },
  {
    group: '引入',
    id: 'workbench-my-evaluations',
    title: '我的评估',
    desc: '我所在评估小组中等待我表决的申请',
    url: ROUTES.intake.staffQueue('mine'),
  },
  {
    group: '引入',
    id: 'workbench-committee',
    title: '部务会决策与公示',
    desc: '择优排名、会议纪要、发布公示',
    url: ROUTES.intake.staffCommittee(),
  },
  {
    group: '引入',
    id: 'workbench-objections',
    title: '公示异议',
    desc: '签约前逐条处理',
    url: ROUTES.intake.staffObjections,
  },
  {
    group: '引入',
    id: 'workbench-letters',
    title: '业务拓展授权书',
    desc: '已出具的授权书及状态',
    url: ROUTES.intake.letters,
  },
  {
    group: '伙伴',
    id: 'workbench-partners',
    title: '伙伴列表',
    desc: '按项目、状态筛选，按名称或编码查找伙伴',
    url: ROUTES.staffPartners,
  },
  {
    group: '伙伴',
    id: 'workbench-documents',
    title: '证照到期',
    desc: '伙伴营业执照、特殊资质即将到期或已过期',
    url: ROUTES.expiringDocuments,
  },
  {
    group: '退出',
    id: 'workbench-exits',
    title: '退出审批',
    desc: '伙伴退出申请与自动触发：预审、审批、终止合同',
    url: ROUTES.staffExits,
  },
  {
    group: '设置',
    id: 'workbench-alerts',
    title: '告警设置',
    desc: '各项目告警接收群、联系人与免打扰时段（管理员修改）',
    url: ROUTES.alertSettings,
  },
  {
    group: '设置',
    id: 'workbench-staff-users',
    title: '人员与团队',
    desc: '管理员：新增、停用、调整角色和团队',
    url: ROUTES.intake.staffUsers,
  },
];

/** The entry whose page is `path` (its url without the query), for the console's highlighted side-nav item. */
export function entryOf(path: string): WorkbenchEntry | undefined {
  const bare = (u: string) => u.replace(/^\//, '').split('?')[0];
  return WORKBENCH_ENTRIES.find((e) => bare(e.url) === bare(path));
}
