export default definePageConfig({ navigationBarTitleText: '招募公告' });
