export default definePageConfig({ navigationBarTitleText: '授权书核验' });
