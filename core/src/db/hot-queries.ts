import { Types } from 'mongoose';

/**
 * A query the code sends on a hot path (a page, a queue, a sweep), in the shape the repository sends it. The explain
 * test (hot-queries.test.ts) creates every registered model's indexes and fails when the local store plans one of
 * these as a full scan. A new hot query gets an entry here, so the guard stays true.
 */
export interface HotQuery {
  name: string;
  collection: string;
  filter: Record<string, unknown>;
  sort?: Record<string, 1 | -1>;
  limit?: number;
}

// Sample values: the plan depends on the filter's shape and value types, not on the values.
const id = new Types.ObjectId('650000000000000000000001');
const at = new Date('2026-06-01T00:00:00Z');
const later = new Date('2026-12-01T00:00:00Z');

export const HOT_QUERIES: HotQuery[] = [
  {
    // the partner home: ScorecardComplaintReader.received
    name: "partner home: a partner's complaints received in [from, to)",
    collection: 'complaints',
    filter: { partnerId: id, receivedAt: { $gte: at, $lt: later } },
    sort: { receivedAt: 1, _id: 1 },
  },
  {
    // a complaint's detail in the partner's scope: ComplaintRepository.get
    name: "a complaint's detail, in the partner's scope",
    collection: 'complaints',
    filter: { _id: id, partnerId: id },
  },
  {
    // the staff complaints list: ComplaintRepository.list with a status set and a programme
    name: 'staff complaints list: by status and programme',
    collection: 'complaints',
    filter: { status: { $in: ['open', 'replied'] }, programmeId: id },
    sort: { receivedAt: -1, _id: -1 },
    limit: 20,
  },
  {
    // the SLA sweep: ComplaintRepository's unsettled cursor
    name: 'SLA sweep: unsettled complaints by deadline',
    collection: 'complaints',
    filter: { slaSettled: false },
    sort: { dueAt: 1, _id: 1 },
  },
  {
    // an entity's audit trail: AuditRepository
    name: "an entity's audit trail",
    collection: 'audit_log',
    filter: { entity: 'complaint', entityId: id.toHexString() },
    sort: { at: 1, _id: 1 },
    limit: 200,
  },
];
