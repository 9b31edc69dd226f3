export default definePageConfig({ navigationBarTitleText: '证照到期' });
