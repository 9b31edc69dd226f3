export * from './complaints.js';
export * from './daemons.js';
export * from './fake-wecom.js';
export * from './fake-wechat.js';
