export default definePageConfig({ navigationBarTitleText: '部务会决策' });
