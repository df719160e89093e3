// Misbehaviour on demand. Counters are "next N" budgets consumed by the matching request;
// lockedIds and validation rules stay until cleared.
import { SfError, sfError } from '../data/sf-error.ts';

export type ValidationRule = { message: string; fields: string[] };

export class Faults {
  serverErrors = 0;
  serverErrorStatus: 500 | 503 = 503;
  requestLimitExceeded = 0;
  lockNextWrites = 0;
  readonly lockedIds = new Set<string>();
  readonly validationRules = new Map<string, ValidationRule>();
  /** Handshakes to deny with 403::Handshake denied; Infinity for all. */
  rejectHandshakes = 0;

  /** A REST-level failure for this request, consuming one unit of budget. */
  nextRestFault(): SfError | undefined {
    if (this.serverErrors > 0) {
      this.serverErrors--;
      return this.serverErrorStatus === 503
        ? new SfError(503, 'SERVER_UNAVAILABLE', 'Server temporarily unavailable.')
        : new SfError(
            500,
            'UNKNOWN_EXCEPTION',
            'An unexpected error occurred. Please include this ErrorId if you contact support: 1234567890-12345 (-1234567890)',
          );
    }
    if (this.requestLimitExceeded > 0) {
      this.requestLimitExceeded--;
      return sfError.requestLimit();
    }
    return undefined;
  }

  /** Called by the DML engine before every write (Database.guard). */
  checkWrite(op: 'insert' | 'update' | 'delete', id: string | undefined): void {
    if (id && this.lockedIds.has(id)) throw sfError.unableToLock(id);
    if (this.lockNextWrites > 0) {
      this.lockNextWrites--;
      throw sfError.unableToLock(id ?? 'new record');
    }
    const rule = id && op === 'update' ? this.validationRules.get(id) : undefined;
    if (rule) throw sfError.validation(rule.message, rule.fields);
  }

  /** Consumes one denial if any is pending. */
  takeHandshakeDenial(): boolean {
    if (this.rejectHandshakes <= 0) return false;
    this.rejectHandshakes--;
    return true;
  }

  clear(): void {
    this.serverErrors = 0;
    this.requestLimitExceeded = 0;
    this.lockNextWrites = 0;
    this.lockedIds.clear();
    this.validationRules.clear();
    this.rejectHandshakes = 0;
  }
}
