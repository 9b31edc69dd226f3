export default definePageConfig({ navigationBarTitleText: '考核结算' });
