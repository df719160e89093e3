import { AppError, toAppError } from '../core/errors.ts';
import type { Problem } from '../core/preflight.ts';
import { type SyncRecord, transition } from '../db/sync-records.repo.ts';
import type { SinkContext } from './context.ts';

/**
 * Raised when a record needs a person: the data is refused (by us or by Fortnox) and retrying as is
 * cannot help. The record is parked as needs_attention with `userMessage`, and is tried again when
 * the source record changes or someone presses retry.
 */
export class NeedsAttentionError extends AppError {
  constructor(userMessage: string, code: string, options: { remoteMessage?: string; cause?: unknown } = {}) {
    super(userMessage, {
      code,
      category: 'validation',
      retryable: false,
      userMessage,
      details: options.remoteMessage === undefined ? {} : { remoteMessage: options.remoteMessage },
      cause: options.cause,
    });
  }
}

export function problemsError(problems: readonly Problem[]): NeedsAttentionError {
  const message = problems.map((p) => p.message).join(' ');
  return new NeedsAttentionError(message, problems.length === 1 ? problems[0]!.code : 'preflight_failed');
}

/** Parks the record with a message a finance person understands; Fortnox's own text goes to the audit trail. */
export async function park(
  ctx: Pick<SinkContext, 'pool' | 'correlationId'>,
  record: SyncRecord,
  error: unknown,
): Promise<SyncRecord> {
  const err = toAppError(error);
  const remote = err.details.remoteMessage;
  return transition(
    ctx.pool,
    record,
    'needs_attention',
    {
      error: { code: err.code, message: err.userMessage, remoteMessage: typeof remote === 'string' ? remote : null },
      countAttempt: true,
    },
    { correlationId: ctx.correlationId, message: `needs attention: ${err.userMessage}`, response: err.toJSON() },
  );
}

/** True for failures a person must fix (as opposed to ones that pass with time). */
export function isPermanent(error: unknown): boolean {
  return !toAppError(error).retryable;
}
