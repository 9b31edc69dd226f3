/** Intake (FT-1..FT-11): recruitment → pre-review → evaluation → result confirmation → signing → letter. */
export * from './rules.js';
export * from './types.js';
export * from './schemas.js';
export * from './repository.js';
export * from './files.js';
export * from './messages.js';
export * from './letter-pdf.js';
export type { IntakeAction, IntakeCaller, IntakeDeps, IntakeStep } from './context.js';
export type { RecruitmentInput } from './recruitments/recruitments.js';
export type { ApplicationDraftInput } from './applications/applications.js';
export type { ReviewStage } from './review/review.js';
export type { MeetingInput } from './review/committee.js';
export type { LetterInput } from './signing/letters.js';
export { SEAL_MAX_BYTES, type SealInfo } from './signing/seal.js';
export * from './service.js';
export * from './timers.js';
