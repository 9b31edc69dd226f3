import type { WechatyInterface } from 'wechaty/impls';

/** Something the bot can post text to (a wechaty Room or Contact). */
export interface Sayable {
  say(text: string): Promise<unknown>;
}

export interface TargetSpec {
  /** stable key stored in bot_deliveries: `room:<topic>` or `contact:<name>` */
  key: string;
  kind: 'room' | 'contact';
  name: string;
}

export interface StaffAudience {
  rooms: string[];
  contacts: string[];
}

export function staffTargets(audience: StaffAudience): TargetSpec[] {
  return [
    ...audience.rooms.map((name): TargetSpec => ({ key: `room:${name}`, kind: 'room', name })),
    ...audience.contacts.map((name): TargetSpec => ({ key: `contact:${name}`, kind: 'contact', name })),
  ];
}

/** Looks a target up in the logged-in account: a room by topic, a contact by name or alias. */
export async function findTarget(bot: WechatyInterface, spec: TargetSpec): Promise<Sayable | undefined> {
  if (spec.kind === 'room') {
    return (await bot.Room.find({ topic: spec.name })) ?? undefined;
  }
  // a contact is named by its WeChat name or by the alias the bot's account gave it
  return (await bot.Contact.find({ name: spec.name })) ?? (await bot.Contact.find({ alias: spec.name })) ?? undefined;
}
