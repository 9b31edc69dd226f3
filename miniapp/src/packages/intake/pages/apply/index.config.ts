export default definePageConfig({ navigationBarTitleText: '引入申请' });
