export default definePageConfig({ navigationBarTitleText: '积分申诉' });
