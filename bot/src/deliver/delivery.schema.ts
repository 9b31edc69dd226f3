import { Schema, type Connection, type Model } from 'mongoose';
import type { NoticeKind } from '@huoban/core';

/** The bot's own collection: one record per notice posted to one target. */
export const DELIVERY_COLLECTION = 'bot_deliveries';

/** A delivery's `_id`: `<noticeId>|<target>`, so the pre-post check is a lookup by `_id`. */
export const deliveryId = (noticeId: string, target: string): string => `${noticeId}|${target}`;

export interface DeliveryRecord {
  _id: string;
  noticeId: string;
  /** `room:<topic>` or `contact:<name>` */
  target: string;
  text: string;
  kind: NoticeKind;
  ref?: { entity: string; id: string };
  /** the digest that carried this notice to the target (issue #21), when it was not posted on its own */
  via?: string;
  sentAt: Date;
}

export const deliverySchema = new Schema<DeliveryRecord>(
  {
    _id: { type: String, required: true },
    noticeId: { type: String, required: true },
    target: { type: String, required: true },
    text: { type: String, required: true },
    kind: { type: String, required: true },
    ref: { type: { _id: false, entity: String, id: String }, required: false },
    via: { type: String, required: false },
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
