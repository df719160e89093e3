import { DEMO_TENANT, type Stack, type StackOptions, startStack } from '../../scripts/stack.ts';
import { forgetReferenceData } from '../../src/sink/reference-data.ts';
import { ALL_CHANNELS } from '../../src/sources/salesforce/stream-events.ts';
import { formToken } from '../../src/web/admin-auth.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';
import { Signals } from '../sources/salesforce/helpers.ts';

/**
 * The whole product for an end-to-end test: real Postgres, both emulators, the real listener and
 * worker. Helpers speak the sales rep's language (an account, a deal, "win it") and await what
 * the rep would see — a Fortnox draft, a field written back — as events, never by sleeping.
 */

type Rec = Record<string, unknown>;

export interface SyncHarness {
  db: TestDatabase;
  stack: Stack;
  signals: Signals;
  sf: Stack['salesforce']['handle'];
  /** A product with a price in the standard price book; returns the PricebookEntry id. */
  product(code: string | undefined, name: string, price: number): string;
  account(fields: Rec): string;
  deal(
    accountId: string | undefined,
    lines: { entry: string; quantity: number; unitPrice: number; discount?: number; description?: string }[],
    fields?: Rec,
  ): string;
  win(opportunityId: string): void;
  /** Resolves with the Fortnox invoice once one with this Opportunity's reference is created. */
  draftFor(opportunityId: string): Promise<Rec>;
  invoicesFor(opportunityId: string): Rec[];
  customer(number: string): Rec | undefined;
  /** Resolves with the Opportunity once our write-back has set `field` (optionally to a value matching `match`). */
  writtenBack(recordId: string, field: string, match?: (value: unknown) => boolean): Promise<Rec>;
  /** Resolves when `check` holds; for states that raise no event (a row in Postgres), checked every 50 ms. */
  until(check: () => Promise<boolean> | boolean, what: string, timeoutMs?: number): Promise<void>;
  ledgerState(opportunityId: string): Promise<string | undefined>;
  /** The ledger row of a deal (document kinds), as the dashboard sees it. */
  ledgerRow(opportunityId: string): Promise<LedgerRow | undefined>;
  /** Connects a Fortnox tenant the way an admin does: /fortnox/connect → consent → /fortnox/callback. */
  connectFortnox(tenantId?: number): Promise<string>;
  /** Posts a dashboard form (with its form token) and answers the notice shown after the redirect. */
  dashboardPost(path: string, fields: Record<string, string>): Promise<string>;
  stop(): Promise<void>;
}

export interface LedgerRow {
  id: number;
  tenant_id: string;
  state: string;
  error_code: string | null;
  error_message: string | null;
  attempts: number;
}

let productSeq = 0;

export async function startSyncHarness(options: StackOptions = {}): Promise<SyncHarness> {
  // A fresh Fortnox emulator knows none of the articles an earlier harness's process learnt about.
  forgetReferenceData();
  const db = await createTestDatabase();
  const signals = new Signals();
  const stack = await startStack({
    databaseUrl: db.url,
    observe: signals.observe,
    ...options,
    env: { LOG_LEVEL: 'error', WORKER_CONCURRENCY: '4', ...options.env },
    salesforceOptions: { longPollTimeoutMs: 1500, ...options.salesforceOptions },
  });
  if (options.worker ?? true) await signals.subscribed(ALL_CHANNELS);
  const sf = stack.salesforce.handle;
  const tenant = () => stack.fortnox.tenant(Number(DEMO_TENANT));
  const invoicesFor = (opportunityId: string) =>
    [...tenant().invoices.rows.values()]
      .map((r) => r.rec as Rec)
      .filter((r) => r.ExternalInvoiceReference1 === opportunityId);
  return {
    db,
    stack,
    signals,
    sf,
    product: (code, name, price) => {
      const productId = sf.insert('Product2', {
        Name: name,
        ...(code === undefined ? {} : { ProductCode: code }),
        IsActive: true,
        Family: `F${productSeq++}`,
      });
      return sf.insert('PricebookEntry', {
        Pricebook2Id: sf.standardPricebookId,
        Product2Id: productId,
        UnitPrice: price,
        IsActive: true,
      });
    },
    account: (fields) => sf.insert('Account', fields),
    deal: (accountId, lines, fields = {}) => {
      const id = sf.insert('Opportunity', {
        Name: `Deal ${productSeq++}`,
        StageName: 'Negotiation/Review',
        CloseDate: '2026-11-20',
        ...(accountId === undefined ? {} : { AccountId: accountId }),
        ...fields,
      });
      for (const line of lines) {
        sf.insert('OpportunityLineItem', {
          OpportunityId: id,
          PricebookEntryId: line.entry,
          Quantity: line.quantity,
          UnitPrice: line.unitPrice,
          ...(line.discount === undefined ? {} : { Discount: line.discount }),
          ...(line.description === undefined ? {} : { Description: line.description }),
        });
      }
      return id;
    },
    win: (opportunityId) => sf.update('Opportunity', opportunityId, { StageName: 'Closed Won' }),
    draftFor: async (opportunityId) => {
      const existing = invoicesFor(opportunityId)[0];
      if (existing) return existing;
      await stack.fortnox.waitForEvent((e) => e.type === 'invoice-created-v1' && invoicesFor(opportunityId).length > 0);
      return invoicesFor(opportunityId)[0]!;
    },
    invoicesFor,
    customer: (number) => tenant().customers.get(number) as Rec | undefined,
    writtenBack: async (recordId, field, match = (v) => v !== null && v !== undefined) => {
      const now = sf.get(recordId) as Rec | undefined;
      if (now && match(now[field])) return now;
      const channel = recordId.startsWith('001') ? '/data/AccountChangeEvent' : '/data/OpportunityChangeEvent';
      await sf.nextEvent(channel, (data) => {
        const header = (data.payload as Rec | undefined)?.ChangeEventHeader as { recordIds?: string[] } | undefined;
        return header?.recordIds?.includes(recordId) === true && match((sf.get(recordId) as Rec)[field]);
      });
      return sf.get(recordId) as Rec;
    },
    until: async (check, what, timeoutMs = 60_000) => {
      const deadline = Date.now() + timeoutMs;
      while (!(await check())) {
        if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    },
    ledgerState: async (opportunityId) => {
      const { rows } = await db.pool.query<{ state: string }>(
        `SELECT state FROM sync_records WHERE source_id = $1 AND document_kind <> 'customer'`,
        [opportunityId],
      );
      return rows[0]?.state;
    },
    ledgerRow: async (opportunityId) => {
      const { rows } = await db.pool.query<LedgerRow>(
        `SELECT id::int AS id, tenant_id, state, error_code, error_message, attempts FROM sync_records
          WHERE source_id = $1 AND document_kind <> 'customer' ORDER BY id`,
        [opportunityId],
      );
      return rows[0];
    },
    connectFortnox: async (tenantId) => {
      const get = (url: string, cookie?: string) =>
        fetch(url, { redirect: 'manual', ...(cookie === undefined ? {} : { headers: { cookie } }) });
      const start = await get(`${stack.appUrl}/fortnox/connect`);
      const cookie = (start.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
      const consent = new URL(start.headers.get('location') ?? '');
      if (tenantId !== undefined) consent.searchParams.set('emulator_tenant', String(tenantId));
      const approved = await get(consent.toString());
      const done = await get(approved.headers.get('location') ?? '', cookie);
      const page = await done.text();
      if (done.status !== 200) throw new Error(`connecting Fortnox failed (${done.status}): ${page}`);
      return page;
    },
    dashboardPost: async (path, fields) => {
      const res = await fetch(`${stack.appUrl}${path}`, {
        method: 'POST',
        redirect: 'manual',
        body: new URLSearchParams({ token: formToken(stack.config), ...fields }),
      });
      if (res.status !== 303) throw new Error(`dashboard ${path} answered ${res.status}: ${await res.text()}`);
      return new URL(res.headers.get('location') ?? '/', stack.appUrl).searchParams.get('notice') ?? '';
    },
    stop: async () => {
      await stack.stop();
      await db.drop();
    },
  };
}

// Two Accounts with one organisation number are a conflict (one Fortnox customer): each test Account gets its own.
let orgSeq = 100_000 + Math.floor(Math.random() * 800_000);
/** A Luhn-valid Swedish organisation number no other test uses. */
export function organisationNumber(): string {
  const nine = `55${String(orgSeq++).padStart(7, '0')}`;
  const sum = [...nine].reduce((acc, ch, i) => {
    let d = Number(ch) * (i % 2 === 0 ? 2 : 1);
    if (d > 9) d -= 9;
    return acc + d;
  }, 0);
  const ten = `${nine}${(10 - (sum % 10)) % 10}`;
  return `${ten.slice(0, 6)}-${ten.slice(6)}`;
}

export const SWEDISH_ACCOUNT = {
  Name: 'Åkerö Bygg & Måleri AB',
  BillingStreet: 'Storgatan 1\nHus B',
  BillingCity: 'Göteborg',
  BillingPostalCode: '411 01',
  BillingCountry: 'Sverige',
  Organisation_Number__c: '556036-0793',
};
