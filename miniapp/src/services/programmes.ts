import { api } from './request';
import type { Programme } from './types';

/** Staff: every programme (id, code, name, rulebook). */
export function listProgrammes(): Promise<Programme[]> {
  return api.get('/api/v1/programmes');
}
