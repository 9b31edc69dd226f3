export default definePageConfig({ navigationBarTitleText: '业务拓展授权书' });
