import type { WechatyPlugin } from 'wechaty';
import type { ContactSelfInterface } from 'wechaty/impls';

/** The login state as the plugin last saw it (the bot's ops module writes it to Redis and a gauge). */
export type LoginStateListener = (state: 'logged_in' | 'logged_out', user: string) => void;

/**
 * Logs login and logout, so an operator sees when notices start queueing up; `onState` hears the same changes
 * (the bot's heartbeat in Redis, read by the api's readiness, and the login gauge).
 */
export function Heartbeat(
  log: (line: string) => void = (line) => console.log(line),
  onState: LoginStateListener = () => undefined,
): WechatyPlugin {
  return (bot) => {
    const onLogin = (user: ContactSelfInterface) => {
      log(`[bot] 已登录 ${user.name()}`);
      onState('logged_in', user.name());
    };
    const onLogout = (user: ContactSelfInterface, reason?: string) => {
      log(`[bot] 已登出 ${user.name()}${reason ? ` (${reason})` : ''}; notices wait in the queue until the next login`);
      onState('logged_out', user.name());
    };
    bot.on('login', onLogin);
    bot.on('logout', onLogout);
    return () => {
      bot.off('login', onLogin);
      bot.off('logout', onLogout);
    };
  };
}
