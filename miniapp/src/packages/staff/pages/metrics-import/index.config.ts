export default definePageConfig({ navigationBarTitleText: '月度数据导入' });
