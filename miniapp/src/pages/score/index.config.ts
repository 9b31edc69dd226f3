export default definePageConfig({
  navigationBarTitleText: '我的评分',
  enablePullDownRefresh: true,
});
