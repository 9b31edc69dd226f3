export default definePageConfig({ navigationBarTitleText: '安全事件' });
