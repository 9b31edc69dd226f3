import type { WechatyPlugin } from 'wechaty';
import type { ContactSelfInterface } from 'wechaty/impls';

/** Logs login and logout, so an operator sees when notices start queueing up. */
export function Heartbeat(log: (line: string) => void = (line) => console.log(line)): WechatyPlugin {
  return (bot) => {
    const onLogin = (user: ContactSelfInterface) => log(`[bot] 已登录 ${user.name()}`);
    const onLogout = (user: ContactSelfInterface, reason?: string) =>
      log(`[bot] 已登出 ${user.name()}${reason ? ` (${reason})` : ''}; notices wait in the queue until the next login`);
    bot.on('login', onLogin);
    bot.on('logout', onLogout);
    return () => {
      bot.off('login', onLogin);
      bot.off('logout', onLogout);
    };
  };
}
