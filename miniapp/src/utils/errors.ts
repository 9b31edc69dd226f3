/** Readable text for anything thrown by a service call (ApiError or otherwise). */
export function errorText(err: unknown): string {
  if (err && typeof err === 'object' && 'message' in err && typeof err.message === 'string' && err.message) {
    return err.message;
  }
  return '操作失败，请稍后重试';
}

/**
 * Splits validation messages ("receivedAt must be an ISO 8601 date string") by the field they start with.
 * Messages naming none of `fields` are returned under `''`.
 */
export function splitFieldErrors(messages: string[], fields: readonly string[]): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const message of messages) {
    const field = fields.find((f) => message === f || message.startsWith(`${f} `) || message.startsWith(`${f}.`)) ?? '';
    (out[field] ??= []).push(message);
  }
  return out;
}
