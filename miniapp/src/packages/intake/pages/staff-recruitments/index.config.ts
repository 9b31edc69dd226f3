export default definePageConfig({ navigationBarTitleText: '招募管理' });
