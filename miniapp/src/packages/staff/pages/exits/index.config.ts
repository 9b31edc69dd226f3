export default definePageConfig({ navigationBarTitleText: '退出审批' });
