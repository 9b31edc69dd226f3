import { PuppetMock, mock } from 'wechaty-puppet-mock';
import type { StaffAudience } from './deliver/targets.js';

/**
 * A local WeChat for the mock puppet: the bot account, a staff member, and the configured rooms
 * (bot + staff in each) and contacts, so notices can really be posted without WeChat.
 */
export interface MockWorld {
  mocker: mock.Mocker;
  puppet: PuppetMock;
  /** the bot's own account */
  user: mock.ContactMock;
  /** a staff member in every room */
  staff: mock.ContactMock;
  rooms: Map<string, mock.RoomMock>;
  contacts: Map<string, mock.ContactMock>;
  /** log the bot account in (call after the Wechaty instance has started) */
  login(): void;
  /** texts the bot said in a room or to a contact, in order, as the mocker recorded them */
  saidBy(conversationId: string): string[];
}

export interface MockWorldOptions {
  botName?: string;
  staffName?: string;
}

export function createMockWorld(audience: StaffAudience, opts: MockWorldOptions = {}): MockWorld {
  const mocker = new mock.Mocker();
  const puppet = new PuppetMock({ mocker });
  const user = mocker.createContact({ name: opts.botName ?? '伙伴助手' });
  const staffName = opts.staffName ?? '值班员';
  const contacts = new Map<string, mock.ContactMock>();
  for (const name of new Set([staffName, ...audience.contacts])) {
    contacts.set(name, mocker.createContact({ name }));
  }
  const staff = contacts.get(staffName)!;
  const rooms = new Map<string, mock.RoomMock>();
  for (const topic of audience.rooms) {
    // the generator gives room ids the `@chatroom` suffix the mock puppet routes messages by
    rooms.set(
      topic,
      mocker.createRoom({ topic, memberIdList: [user.id, staff.id], adminIdList: [], ownerId: staff.id }),
    );
  }
  return {
    mocker,
    puppet,
    user,
    staff,
    rooms,
    contacts,
    login: () => mocker.login(user),
    saidBy: (conversationId) =>
      [...mocker.cacheMessagePayload.values()]
        .filter((m) => m.talkerId === user.id && (m.roomId === conversationId || m.listenerId === conversationId))
        .map((m) => m.text ?? ''),
  };
}
