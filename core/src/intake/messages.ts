import { isDuplicateKey } from '../db/connection.js';
import { applicationResultMessage } from '../subscriptions/messages.js';
import type { NoticeSink } from '../workflow/transitions.js';
import type { IntakeModels } from './schemas.js';

export interface ApplicantMessage {
  /** deterministic key: the message is recorded (and sent) once per key */
  key: string;
  applicationId: string;
  openId: string;
  company: string;
  /** at most five Chinese characters (WeChat's `phrase`): 未通过, 已通过, 延迟 … */
  outcome: string;
  /** the message's one line (WeChat's `thing`, cut to 20 characters in the message) */
  note: string;
  text: string;
}

/**
 * Applicant messages: recorded once per key in `intake_messages` (the application's history of what it was told),
 * then handed to the 订阅消息 channel (core/src/subscriptions), which sends it only with the applicant's consent.
 */
export class ApplicantMessages {
  constructor(
    private readonly m: IntakeModels,
    private readonly sink?: NoticeSink,
  ) {}

  async send(msg: ApplicantMessage): Promise<boolean> {
    const data = applicationResultMessage({
      key: msg.key,
      applicationId: msg.applicationId,
      openId: msg.openId,
      company: msg.company,
      outcome: msg.outcome,
      note: msg.note,
    });
    try {
      await this.m.Message.create({
        _id: msg.key,
        channel: 'wechat_subscribe',
        applicationId: msg.applicationId,
        to: msg.openId,
        template: data.kind,
        data: data.data,
        text: msg.text,
        status: 'recorded',
      });
    } catch (e) {
      if (isDuplicateKey(e)) return false;
      throw e;
    }
    await this.sink?.message?.(data);
    return true;
  }

  /** FT-9: the formal late-result notice (a letter text for email/post), recorded once per application. */
  async formalLetter(key: string, applicationId: string, to: string, text: string): Promise<boolean> {
    try {
      await this.m.Message.create({ _id: key, channel: 'formal_letter', applicationId, to, text, status: 'recorded' });
      return true;
    } catch (e) {
      if (isDuplicateKey(e)) return false;
      throw e;
    }
  }

  async forApplication(applicationId: string) {
    return this.m.Message.find({ applicationId }).sort({ createdAt: 1 }).lean();
  }
}
