export default defineAppConfig({
  pages: ['pages/login/index', 'pages/complaints/index', 'pages/score/index', 'pages/me/index'],
  subPackages: [
    { root: 'packages/complaint', pages: ['pages/detail/index'] },
    {
      root: 'packages/staff',
      pages: [
        'pages/register/index',
        'pages/workbench/index',
        'pages/board/index',
        'pages/onboarding/index',
        'pages/incidents/index',
        'pages/appeals/index',
        'pages/rectifications/index',
        'pages/close/index',
        'pages/metrics-import/index',
        'pages/exports/index',
        'pages/exits/index',
      ],
    },
    { root: 'packages/score', pages: ['pages/appeal/index', 'pages/rectification/index'] },
    { root: 'packages/exit', pages: ['pages/apply/index'] },
  ],
  window: {
    backgroundTextStyle: 'light',
    backgroundColor: '#f5f6f8',
    navigationBarBackgroundColor: '#ffffff',
    navigationBarTitleText: '伙伴',
    navigationBarTextStyle: 'black',
  },
  tabBar: {
    color: '#666666',
    selectedColor: '#1677ff',
    backgroundColor: '#ffffff',
    borderStyle: 'black',
    list: [
      {
        pagePath: 'pages/complaints/index',
        text: '投诉',
        iconPath: 'assets/tab-complaints.png',
        selectedIconPath: 'assets/tab-complaints-active.png',
      },
      {
        pagePath: 'pages/score/index',
        text: '我的评分',
        iconPath: 'assets/tab-score.png',
        selectedIconPath: 'assets/tab-score-active.png',
      },
      {
        pagePath: 'pages/me/index',
        text: '我的',
        iconPath: 'assets/tab-me.png',
        selectedIconPath: 'assets/tab-me-active.png',
      },
    ],
  },
});
