import { Schema, type Connection, type Model } from 'mongoose';
import type { NoticeKind } from '@huoban/core';

/** The bot's own collection: one record per notice posted to one target. */
export const DELIVERY_COLLECTION = 'bot_deliveries';

export interface DeliveryRecord {
  noticeId: string;
  /** `room:<topic>` or `contact:<name>` */
  target: string;
  text: string;
  kind: NoticeKind;
  ref?: { entity: string; id: string };
  sentAt: Date;
}

export const deliverySchema = new Schema<DeliveryRecord>(
  {
    noticeId: { type: String, required: true },
    target: { type: String, required: true },
    text: { type: String, required: true },
    kind: { type: String, required: true },
    ref: { type: { _id: false, entity: String, id: String }, required: false },
    sentAt: { type: Date, required: true },
  },
  { collection: DELIVERY_COLLECTION, versionKey: false },
);
// a notice is posted at most once per target; also the lookup index for the pre-post check
deliverySchema.index({ noticeId: 1, target: 1 }, { unique: true });

export type DeliveryModel = Model<DeliveryRecord>;

export function deliveryModel(conn: Connection): DeliveryModel {
  return (
    (conn.models.BotDelivery as DeliveryModel | undefined) ?? conn.model<DeliveryRecord>('BotDelivery', deliverySchema)
  );
}
