import { Schema, type Connection, type Model } from 'mongoose';
import type { NoticeKind } from '../../queues/index.js';

/**
 * `wecom_deliveries`: one record per notice per robot (`_id` `<noticeId>|wecom:<robotId>`), the truth of whether
 * the robot has it: `sent`, `failed` (for good: a bad key, bad content, the robot removed, attempts used up) or
 * `retrying`, with every failed attempt (the last 10). Never holds the key.
 */
export const WECOM_DELIVERY_COLLECTION = 'wecom_deliveries';

export type WecomDeliveryStatus = 'sent' | 'retrying' | 'failed';
export interface WecomAttemptError {
  at: Date;
  code: string;
  message: string;
}
export interface WecomDeliveryRecord {
  _id: string;
  noticeId: string;
  programmeId: string;
  robotId: string;
  /** the robot's name when it was sent to (names change; ids do not) */
  robotName?: string;
  kind: NoticeKind;
  ref?: { entity: string; id: string };
  status: WecomDeliveryStatus;
  /** the digest that carried the notice to the robot (with others falling due together), when not posted alone */
  via?: string;
  attempts: number;
  failures: WecomAttemptError[];
  sentAt?: Date;
  updatedAt: Date;
}

export const wecomTarget = (robotId: string): string => `wecom:${robotId}`;
export const wecomDeliveryId = (noticeId: string, robotId: string): string => `${noticeId}|${wecomTarget(robotId)}`;
export const isFinal = (r: Pick<WecomDeliveryRecord, 'status'> | null | undefined): boolean =>
  r?.status === 'sent' || r?.status === 'failed';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const wecomDeliverySchema = new Schema<any>(
  {
    _id: { type: String, required: true },
    noticeId: { type: String, required: true },
    programmeId: { type: String, required: true },
    robotId: { type: String, required: true },
    robotName: { type: String },
    kind: { type: String, required: true },
    ref: { type: { _id: false, entity: String, id: String }, required: false },
    status: { type: String, required: true },
    via: { type: String },
    attempts: { type: Number, required: true },
    failures: { type: Schema.Types.Mixed, default: [] },
    sentAt: { type: Date },
    updatedAt: { type: Date, required: true },
  },
  { collection: WECOM_DELIVERY_COLLECTION, versionKey: false, minimize: false },
);
wecomDeliverySchema.index({ noticeId: 1 });

export type WecomDeliveryModel = Model<WecomDeliveryRecord>;
export function wecomDeliveryModel(conn: Connection): WecomDeliveryModel {
  return (
    (conn.models.WecomDelivery as WecomDeliveryModel | undefined) ??
    conn.model<WecomDeliveryRecord>('WecomDelivery', wecomDeliverySchema)
  );
}
