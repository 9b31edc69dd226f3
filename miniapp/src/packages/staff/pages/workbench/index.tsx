import Taro from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { useStaffGuard } from '@/hooks/useStaffGuard';
import { ROUTES } from '@/routes';
import '../../staff.css';

const ENTRIES = [
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
  { id: 'workbench-exports', title: '数据导出', desc: '考核结果、积分月报（Excel）', url: ROUTES.exports },
  { id: 'workbench-register', title: '投诉登记', desc: '登记一条新投诉', url: ROUTES.register },
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
