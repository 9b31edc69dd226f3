/** The repositories of the core collections, one file each; `repositories(m)` builds them all on the models. */
import { AuditRepository } from './audit.repository.js';
import { CalendarRepository } from './calendar.repository.js';
import { ComplaintRepository } from '../complaints/repository.js';
import { PartnerContractRepository } from './contracts.repository.js';
import { PartnerRepository } from './partners.repository.js';
import { ProgrammeRepository } from './programmes.repository.js';
import type { Models } from './schemas.js';
import { ScoreEventRepository } from './score-events.repository.js';
import { UserRepository } from './users.repository.js';

export { isObjectId } from './queries.js';
export { ProgrammeRepository, toProgramme } from './programmes.repository.js';
export { PARTNER_SORTS, PartnerRepository, toPartner, type PartnerSort } from './partners.repository.js';
export { PartnerContractRepository, toContract, type ContractDates } from './contracts.repository.js';
export {
  USER_SORTS,
  UserRepository,
  userSearchKeys,
  type StaffUserRow,
  type UserRecord,
  type UserSort,
  toStaffUserRow,
} from './users.repository.js';
export { ComplaintRepository, toComplaint, toReply, type ComplaintFilter } from '../complaints/repository.js';
export { ScoreEventRepository } from './score-events.repository.js';
export { AuditRepository } from './audit.repository.js';
export { CalendarRepository } from './calendar.repository.js';

export function repositories(m: Models) {
  return {
    programmes: new ProgrammeRepository(m),
    partners: new PartnerRepository(m),
    contracts: new PartnerContractRepository(m),
    users: new UserRepository(m),
    complaints: new ComplaintRepository(m),
    scoreEvents: new ScoreEventRepository(m),
    audit: new AuditRepository(m),
    calendar: new CalendarRepository(m),
  };
}
export type Repositories = ReturnType<typeof repositories>;
