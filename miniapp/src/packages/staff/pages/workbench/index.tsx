import Taro from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { useStaffGuard } from '@/hooks/useStaffGuard';
import { ROUTES } from '@/routes';
import '../../staff.css';

const ENTRIES = [
  { id: 'workbench-due', title: '临期投诉', desc: '各伙伴未办结投诉，按剩余工作时间排序', url: ROUTES.dueQueue },
  {
    id: 'workbench-sla',
    title: '投诉时效报表',
    desc: '各伙伴时限内回复占比、趋势与 Excel 导出',
    url: ROUTES.slaReport,
  },
  {
    id: 'workbench-board',
    title: '考核看板',
    desc: '各伙伴本期得分；入网评分、安全事件从这里录入',
    url: ROUTES.board(),
  },
  { id: 'workbench-appeals', title: '申诉处理', desc: '积分扣分申诉：成立或驳回', url: ROUTES.staffAppeals },
  {
    id: 'workbench-rectifications',
    title: '整改审核',
    desc: '伙伴提交的整改方案：通过或不通过',
    url: ROUTES.staffRectifications,
  },
  { id: 'workbench-close', title: '考核结算', desc: '半年度考核期结束后冻结得分', url: ROUTES.closePeriod },
  {
    id: 'workbench-import',
    title: '月度数据导入',
    desc: '上传 Excel/CSV：收入、交易成功率、客户数',
    url: ROUTES.metricsImport,
  },
  {
    id: 'workbench-exits',
    title: '退出审批',
    desc: '伙伴退出申请与自动触发：预审、审批、终止合同',
    url: ROUTES.staffExits,
  },
  {
    id: 'workbench-alerts',
    title: '告警设置',
    desc: '各项目告警接收群、联系人与免打扰时段（管理员修改）',
    url: ROUTES.alertSettings,
  },
  { id: 'workbench-exports', title: '数据导出', desc: '考核结果、积分月报（Excel）', url: ROUTES.exports },
  { id: 'workbench-register', title: '投诉登记', desc: '登记一条新投诉', url: ROUTES.register },
  // intake (FT-3..FT-11)
  {
    id: 'workbench-recruitments',
    title: '招募管理',
    desc: '新建、发布、截止招募公告',
    url: ROUTES.intake.staffRecruitments,
  },
  {
    id: 'workbench-intake-queue',
    title: '预审 / 评估队列',
    desc: '按截止时间排序，倒计时',
    url: ROUTES.intake.staffQueue('pre_review'),
  },
  {
    id: 'workbench-my-evaluations',
    title: '我的评估',
    desc: '我所在评估小组中等待我表决的申请',
    url: ROUTES.intake.staffQueue('mine'),
  },
  {
    id: 'workbench-committee',
    title: '部务会决策与公示',
    desc: '择优排名、会议纪要、发布公示',
    url: ROUTES.intake.staffCommittee,
  },
  { id: 'workbench-objections', title: '公示异议', desc: '签约前逐条处理', url: ROUTES.intake.staffObjections },
  { id: 'workbench-letters', title: '业务拓展授权书', desc: '已出具的授权书及状态', url: ROUTES.intake.letters },
  {
    id: 'workbench-staff-users',
    title: '人员与团队',
    desc: '管理员：新增、停用、调整角色和团队',
    url: ROUTES.intake.staffUsers,
  },
  {
    id: 'workbench-complaint-import',
    title: '投诉导入',
    desc: '上传 Excel/CSV：其他系统的存量投诉，按原受理时间计时',
    url: ROUTES.complaintImport,
  },
];

export default function WorkbenchPage() {
  const allowed = useStaffGuard();
  if (!allowed) return <View className="page" />;
  return (
    <View className="page">
      <View className="card">
        {ENTRIES.map((e) => (
          <View key={e.id} id={e.id} className="staff__menu-item" onClick={() => Taro.navigateTo({ url: e.url })}>
            <View>
              <View className="staff__menu-title">{e.title}</View>
              <View className="staff__menu-desc">{e.desc}</View>
            </View>
            <Text className="staff__arrow">›</Text>
          </View>
        ))}
      </View>
    </View>
  );
}
