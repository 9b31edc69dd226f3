export default definePageConfig({ navigationBarTitleText: '伙伴资料' });
