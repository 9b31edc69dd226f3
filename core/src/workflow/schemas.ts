import { Schema, type Connection } from 'mongoose';
import { modelRegistry, type AnyModel } from '../db/model-registry.js';

/**
 * A claim on one step of a workflow document: its `_id` is `<entity>-<id>-r<rev>`, so of all the requests that
 * read revision `rev` exactly one can insert it (a unique index is the one guard FerretDB 1.24 keeps under
 * concurrency). The claim carries the whole step — the update, the audit entry, the notices — so that a step
 * interrupted after its claim is finished by `Transitions.recover`, never left half-applied.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const workflowClaimSchema = new Schema<any>(
  {
    _id: { type: String, required: true },
    model: { type: String, required: true },
    entity: { type: String, required: true },
    entityId: { type: String, required: true },
    rev: { type: Number, required: true },
    action: { type: String, required: true },
    actor: { type: Schema.Types.Mixed, required: true },
    reason: String,
    update: { type: Schema.Types.Mixed, required: true },
    audit: Schema.Types.Mixed,
    notices: { type: [Schema.Types.Mixed], default: [] },
    /** the document a multi-document step creates (Transitions.applyAll), on its first claim */
    create: Schema.Types.Mixed,
    state: { type: String, required: true, enum: ['claimed', 'applied'] },
    at: { type: Date, required: true },
    appliedAt: Date,
  },
  { collection: 'workflow_claims', minimize: false },
);
workflowClaimSchema.index({ state: 1, at: 1 });

/** A number of a sequence (complaint numbers, letter numbers): `_id` is `<scope>-<n>`, taken by insert. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const sequenceClaimSchema = new Schema<any>(
  {
    _id: { type: String, required: true },
    scope: { type: String, required: true },
    n: { type: Number, required: true },
    at: { type: Date, required: true },
  },
  { collection: 'sequence_claims' },
);
sequenceClaimSchema.index({ scope: 1, n: -1 });

/**
 * The head of a sequence (`_id` = scope): the highest number known taken, a hint read by `_id` so that the next
 * claim never reads the scope's history. Raised with `$max` after each claim; a stale head only costs a few probes.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const sequenceHeadSchema = new Schema<any>(
  { _id: { type: String, required: true }, n: { type: Number, required: true }, at: { type: Date, required: true } },
  { collection: 'sequence_heads' },
);

/** The field every workflow document carries: the revision a transition moves from `rev` to `rev + 1`. */
export const revisionField = { rev: { type: Number, required: true, default: 0 } } as const;

export interface WorkflowModels {
  Claim: AnyModel;
  Sequence: AnyModel;
  SequenceHead: AnyModel;
}

export function workflowModels(conn: Connection): WorkflowModels {
  const m = modelRegistry(conn);
  return {
    Claim: m('WorkflowClaim', workflowClaimSchema),
    Sequence: m('SequenceClaim', sequenceClaimSchema),
    SequenceHead: m('SequenceHead', sequenceHeadSchema),
  };
}
