export default definePageConfig({ navigationBarTitleText: '招募详情' });
