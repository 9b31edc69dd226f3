/** The part of the api's ComplaintView (docs/API.md) the bot shows. */
export interface ComplaintView {
  id: string;
  no: string;
  partnerName: string;
  kind: 'ordinary' | 'escalated';
  dueAt: string;
  status: 'open' | 'replied' | 'closed';
  slaState: 'running' | 'awaiting_confirmation' | 'met' | 'breached';
  /** working time left at serverNow, in ms */
  workingMsLeft: number;
  serverNow?: string;
}

export interface ApiClientConfig {
  apiUrl: string;
  serviceKey?: string;
  fetch?: typeof fetch;
  timeoutMs?: number;
}

/** GET {apiUrl}/api/v1/complaints/due-today as the bot (x-service-key). */
export function httpFetchDueToday(cfg: ApiClientConfig): () => Promise<ComplaintView[]> {
  const doFetch = cfg.fetch ?? fetch;
  return async () => {
    const res = await doFetch(`${cfg.apiUrl}/api/v1/complaints/due-today`, {
      headers: { accept: 'application/json', ...(cfg.serviceKey ? { 'x-service-key': cfg.serviceKey } : {}) },
      signal: AbortSignal.timeout(cfg.timeoutMs ?? 10_000),
    });
    if (!res.ok) throw new Error(`due-today: api answered ${res.status}`);
    const body = (await res.json()) as { items?: ComplaintView[] };
    if (!Array.isArray(body.items)) throw new Error('due-today: api answer has no items');
    return body.items;
  };
}
