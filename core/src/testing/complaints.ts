/** A complaint's stored fields for a test that writes one directly (`repos.complaints.create`), not through the service. */
import { randomBytes } from 'node:crypto';
import { DEFAULT_COMPLAINT_WINDOW } from '../calendar/working-time.js';
import { newComplaintState } from '../complaints/rules.js';
import type { ComplaintRecord } from '../db/types.js';

export type StoredComplaintFields = Omit<ComplaintRecord, 'id' | 'createdAt' | 'updatedAt' | 'rev'>;

/**
 * An open ordinary complaint of the partner, due 12 hours after `receivedAt` (wall time), in the default window, with
 * a random number; any field of `c` overrides.
 */
export function complaintFields(
  c: Pick<ComplaintRecord, 'programmeId' | 'partnerId' | 'receivedAt'> & Partial<StoredComplaintFields>,
): StoredComplaintFields {
  return {
    no: `TS-${randomBytes(4).toString('hex')}`,
    kind: 'ordinary',
    channel: 'hotline_10086',
    summary: '测试投诉',
    dueAt: new Date(c.receivedAt.getTime() + 12 * 3_600_000),
    provisional: false,
    calendarVersion: 'test',
    window: DEFAULT_COMPLAINT_WINDOW,
    slaHours: 12,
    warningMinutes: [120, 30],
    ...newComplaintState(),
    createdBy: 'test',
    ...c,
  };
}
