/// <reference types="@tarojs/taro" />

declare module '*.css';
declare module '*.png';

declare namespace NodeJS {
  interface ProcessEnv {
    NODE_ENV: 'development' | 'production';
    /** Build target; compared against literals so the bundler drops the other branch. */
    TARO_ENV: 'weapp' | 'h5' | string;
    /** Api base URL, fixed at build time (config/index.ts). */
    TARO_APP_API: string;
  }
}

declare const process: { env: NodeJS.ProcessEnv };
