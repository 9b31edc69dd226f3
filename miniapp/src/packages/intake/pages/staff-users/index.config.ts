export default definePageConfig({ navigationBarTitleText: '人员与团队' });
