import { types, type WechatyPlugin } from 'wechaty';
import type { MessageInterface } from 'wechaty/impls';

/** Whether `text` is the command `word`, optionally after @-mentions (WeChat separates them with U+2005). */
export const isCommandText = (text: string, word: string): boolean =>
  text.replace(/^(\s*@[^\s\u2005]+[\s\u2005]+)+/u, '').trim() === word;

/** One text command of the bot: who may ask, how it is answered, what is said when the answer cannot be had. */
export interface TextCommand {
  /** the command word, for the log */
  name: string;
  /** whether this fresh text message asks for the command here (the word, the room, the audience) */
  asks: (message: MessageInterface) => boolean | Promise<boolean>;
  answer: () => Promise<string>;
  /** the reply when `answer` fails (the api is away) */
  failed: string;
}

/** The longest answer a command gives (characters); a longer one is cut at a line and says so. */
export const MAX_REPLY_CHARS = 1500;
export const REPLY_CUT = '……（内容过长，已截断）';

/** `text` within `max` characters: cut after the last whole line that fits, with REPLY_CUT. */
export function limitReply(text: string, max = MAX_REPLY_CHARS): string {
  if (text.length <= max) return text;
  const room = text.slice(0, max - REPLY_CUT.length - 1);
  const cut = room.lastIndexOf('\n');
  return `${cut > 0 ? room.slice(0, cut) : room}\n${REPLY_CUT}`;
}

/** What every command plugin's config may set. */
export interface CommandOptions {
  /** messages older than this (seconds) are history replayed at login: ignored (default 120) */
  maxAgeSeconds?: number;
  log?: (line: string) => void;
}

/**
 * A plugin answering one text command: the bot's own and stale messages are ignored, a failed query is answered
 * with `failed` (and logged), every answer is kept within MAX_REPLY_CHARS, and nothing a handler throws leaves the
 * plugin. Uninstalling stops listening.
 */
export function textCommandPlugin(options: CommandOptions, cmd: TextCommand): WechatyPlugin {
  const log = options.log ?? ((line: string) => console.log(line));
  const maxAge = options.maxAgeSeconds ?? 120;
  return (bot) => {
    const onMessage = async (message: MessageInterface) => {
      try {
        if (message.self() || message.type() !== types.Message.Text) return;
        if (message.age() > maxAge || !(await cmd.asks(message))) return;
        let reply: string;
        try {
          reply = await cmd.answer();
        } catch (err) {
          log(`[bot] ${cmd.name} query failed: ${(err as Error).message}`);
          reply = cmd.failed;
        }
        await message.say(limitReply(reply));
      } catch (err) {
        log(`[bot] ${cmd.name} handler error: ${(err as Error).message}`);
      }
    };
    bot.on('message', onMessage);
    return () => {
      bot.off('message', onMessage);
    };
  };
}
