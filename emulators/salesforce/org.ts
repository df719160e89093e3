// Everything one emulated org holds; each HTTP module gets this instead of loose globals.
import type { Clock, RequestStats } from '../kit/index.ts';
import type { Faults } from './control/faults.ts';
import type { Database } from './data/database.ts';
import type { Seeded } from './data/seed.ts';
import type { SessionStore } from './oauth/sessions.ts';
import type { ApiUsage } from './rest/api-usage.ts';
import type { EventLog } from './streaming/event-log.ts';

export type Org = {
  readonly db: Database;
  readonly clock: Clock;
  readonly sessions: SessionStore;
  readonly usage: ApiUsage;
  readonly faults: Faults;
  /** REST calls per scope (the org) for the kit's /__control/stats. */
  readonly stats: RequestStats;
  readonly events: EventLog;
  readonly seeded: Seeded;
  /** The emulator's own address, also its instance URL and login URL. */
  readonly baseUrl: () => string;
  /** Rows per query page (Salesforce: 2,000 unless Sforce-Query-Options asks for fewer). */
  readonly queryBatchSize: number;
  readonly latestVersion: string;
};
