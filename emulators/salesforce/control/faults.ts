// Salesforce-specific misbehaviour (locks, validation rules, handshake denials) beside the kit's
// generic faults. The old budget levers `serverErrors` and `requestLimitExceeded` arm kit faults
// (a 5xx or REQUEST_LIMIT_EXCEEDED for the next N REST calls), so every generic fault goes
// through the kit's gate; lockedIds and validation rules stay until cleared.
import type { Faults as KitFaults } from '../../kit/index.ts';
import { sfError } from '../data/sf-error.ts';

export type ValidationRule = { message: string; fields: string[] };

export class Faults {
  /** The kit's faults: status, hang, drop, latency, rate-limit, commit-then-fail (targets 'api', 'streaming'). */
  readonly kit: KitFaults;
  serverErrorStatus: 500 | 503 = 503;
  lockNextWrites = 0;
  readonly lockedIds = new Set<string>();
  readonly validationRules = new Map<string, ValidationRule>();
  /** Handshakes to deny with 403::Handshake denied; Infinity for all. */
  rejectHandshakes = 0;

  constructor(kit: KitFaults) {
    this.kit = kit;
  }

  #remaining(kind: 'status' | 'rate-limit'): number {
    return this.kit
      .pending()
      .filter((f) => f.kind === kind && f.target === 'api')
      .reduce((sum, f) => sum + (f.remaining ?? 0), 0);
  }

  /** The next N REST calls answer 503 SERVER_UNAVAILABLE (or 500, per serverErrorStatus). */
  get serverErrors(): number {
    return this.#remaining('status');
  }
  set serverErrors(count: number) {
    if (count > 0) this.kit.add({ kind: 'status', status: this.serverErrorStatus, count, target: 'api' });
  }

  /** The next N REST calls answer 403 REQUEST_LIMIT_EXCEEDED. */
  get requestLimitExceeded(): number {
    return this.#remaining('rate-limit');
  }
  set requestLimitExceeded(count: number) {
    if (count > 0) this.kit.add({ kind: 'rate-limit', count, target: 'api' });
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
    this.kit.clear();
    this.lockNextWrites = 0;
    this.lockedIds.clear();
    this.validationRules.clear();
    this.rejectHandshakes = 0;
  }
}
