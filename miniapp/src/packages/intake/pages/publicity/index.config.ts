export default definePageConfig({ navigationBarTitleText: '引入结果公示' });
