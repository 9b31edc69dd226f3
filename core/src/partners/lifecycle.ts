/**
 * The partner lifecycle (ARCHITECTURE.md): applicant → active ⇄ suspended → exiting → exited.
 * FT-15 suspension and its lifting; FT-17/FT-18 exit (a case moves the partner to `exiting` and, once the
 * contract is terminated, to `exited`; a withdrawn or rejected case returns it to where it was).
 * Pure: which moves exist, and what an exited partner may no longer do.
 */
import type { PartnerStatus } from '../db/types.js';

export const PARTNER_MOVES: Readonly<Record<PartnerStatus, readonly PartnerStatus[]>> = {
  applicant: ['active'],
  active: ['suspended', 'exiting', 'exited'],
  suspended: ['active', 'exiting', 'exited'],
  exiting: ['active', 'suspended', 'exited'],
  exited: [],
};

export const PARTNER_STATUS_LABEL: Readonly<Record<PartnerStatus, string>> = {
  applicant: '申请中',
  active: '合作中',
  suspended: '暂停合作',
  exiting: '退出中',
  exited: '已退出',
};

export function canMove(from: PartnerStatus, to: PartnerStatus): boolean {
  return PARTNER_MOVES[from]?.includes(to) ?? false;
}

/** FT-18 effects of termination: an exited partner keeps read access but files nothing new. */
export function mayFile(status: PartnerStatus): boolean {
  return status !== 'exited';
}
