import path from 'node:path';
import { defineConfig, type UserConfigExport } from '@tarojs/cli';

const DEFAULT_API = 'http://127.0.0.1:3000/api/v1';

export default defineConfig<'webpack5'>(async () => {
  const config: UserConfigExport<'webpack5'> = {
    projectName: 'huoban-miniapp',
    date: '2026-11-22',
    designWidth: 750,
    deviceRatio: { 640: 2.34 / 2, 750: 1, 375: 2, 828: 1.81 / 2 },
    sourceRoot: 'src',
    // One folder per target so weapp and h5 builds never overwrite each other.
    outputRoot: `dist/${process.env.TARO_ENV}`,
    plugins: [],
    // `@/x` is `src/x` (the same alias as `paths` in tsconfig.json and jest's moduleNameMapper).
    alias: { '@': path.resolve(__dirname, '..', 'src') },
    // Becomes process.env.TARO_APP_API in the bundle (a .env file, if any, wins).
    env: {
      TARO_APP_API: JSON.stringify(process.env.TARO_APP_API || DEFAULT_API),
    },
    defineConstants: {},
    copy: { patterns: [], options: {} },
    framework: 'react',
    compiler: 'webpack5',
    cache: { enable: false },
    mini: {
      postcss: {
        pxtransform: { enable: true, config: {} },
        cssModules: { enable: false },
      },
    },
    h5: {
      publicPath: './',
      staticDirectory: 'static',
      router: { mode: 'hash' },
      output: {
        filename: 'js/[name].[hash:8].js',
        chunkFilename: 'js/[name].[chunkhash:8].js',
      },
      miniCssExtractPluginOption: {
        ignoreOrder: true,
        filename: 'css/[name].[hash].css',
        chunkFilename: 'css/[name].[chunkhash].css',
      },
      postcss: {
        // Root font size follows the viewport width up to 24px, so desktop browsers get a phone-sized layout.
        pxtransform: { enable: true, config: { maxRootSize: 24 } },
        autoprefixer: { enable: true, config: {} },
        cssModules: { enable: false },
      },
      webpackChain(chain) {
        // Taro splits only initial chunks, so every lazily loaded page carried its own copy of the components
        // and services; share them between pages too.
        const splitChunks = chain.optimization.get('splitChunks');
        if (splitChunks) chain.optimization.splitChunks({ ...splitChunks, chunks: 'all' });
        // The bundle is small for an app but above webpack's generic 244 KiB hint.
        chain.performance.hints(false);
      },
    },
  };
  return config;
});
