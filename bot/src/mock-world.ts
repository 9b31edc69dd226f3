import { PuppetMock, mock } from 'wechaty-puppet-mock';
import type { StaffAudience, TargetSpec } from './deliver/targets.js';

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
  /**
   * Creates a room or contact a notice names that the world does not have yet (a programme's alert recipients,
   * set at run time in 告警设置), so the local bot can post to it as it would to one the account is in.
   */
  ensure(spec: TargetSpec): void;
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
  // the generator gives room ids the `@chatroom` suffix the mock puppet routes messages by
  const addRoom = (topic: string) =>
    rooms.set(
      topic,
      mocker.createRoom({ topic, memberIdList: [user.id, staff.id], adminIdList: [], ownerId: staff.id }),
    );
  for (const topic of audience.rooms) addRoom(topic);
  return {
    mocker,
    puppet,
    user,
    staff,
    rooms,
    contacts,
    login: () => mocker.login(user),
    ensure: (spec) => {
      if (spec.kind === 'room' && !rooms.has(spec.name)) addRoom(spec.name);
      if (spec.kind === 'contact' && !contacts.has(spec.name))
        contacts.set(spec.name, mocker.createContact({ name: spec.name }));
    },
    saidBy: (conversationId) =>
      [...mocker.cacheMessagePayload.values()]
        .filter((m) => m.talkerId === user.id && (m.roomId === conversationId || m.listenerId === conversationId))
        .map((m) => m.text ?? ''),
  };
}
