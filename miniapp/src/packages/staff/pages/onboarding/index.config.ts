export default definePageConfig({ navigationBarTitleText: '入网评分' });
