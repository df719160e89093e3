import { createHash } from 'node:crypto';

/** A UUID derived from `key` (version nibble 8, "custom"): pg-boss ignores a second insert of the same id. */
/**
 * Deterministic job ids make enqueueing idempotent: a replayed event, a reconciliation run twice or
 * a backfill started again derive the same id, and pg-boss inserts it only once.
 */
export function jobIdFor(key: string): string {
  const hex = createHash('sha256').update(key).digest('hex');
  const variant = ((Number.parseInt(hex[16] ?? '0', 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
