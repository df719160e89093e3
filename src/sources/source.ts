import type { Router } from 'express';
import type pg from 'pg';
import type { Queue } from 'pg-boss';
import type { z } from 'zod';
import type { Article, Credit, Customer, Payment, SalesDocument, SourceRef, Voucher } from '../core/documents.ts';
import type { Logger } from '../core/logger.ts';
import type { Vocabulary } from '../core/preflight.ts';
import type { DatabaseTarget } from '../db/connection.ts';
import type { SyncRecord } from '../db/sync-records.repo.ts';
import type { JobCatalog, WorkerOptions } from '../jobs/catalog.ts';
import type { JobContext, JobQueue } from '../jobs/queue.ts';

/**
 * The source adapter contract. A source system (a CRM, a webshop, a subscription system, a POS) is
 * one folder `src/sources/<system>/` exporting one `SourceAdapter`, listed once in `registry.ts`.
 * The core — ledger, Fortnox sink, status, jobs, web — speaks only of source references and the
 * canonical documents in `core/documents.ts`; everything the adapter knows stays in its folder:
 *
 * - what it is called and how its records are worded in messages ("order", "customer", "line");
 * - its environment slice and per-connection settings (zod schemas, parsed once / on every read);
 * - reading a document or customer by reference as it is *now* (`gone` when deleted) — job payloads
 *   are references, so what a job acts on is always current;
 * - the fields it wants written back after each outcome, and how to send them in batches;
 * - what it runs: listeners, pollers (worker), webhook routes (web), its own jobs if any.
 *
 * The adapter never builds a Fortnox payload and the core never names an adapter.
 */

export type FieldValue = string | number | boolean | null;
export type FieldValues = Record<string, FieldValue>;

export type ConnectionState = 'active' | 'paused' | 'revoked' | 'error';

/** One store, site, org, project or register of the system, as the adapter sees it. */
export interface SourceConnection {
  system: string;
  key: string;
  label: string | null;
  state: ConnectionState;
  /** Parsed by the adapter's `settingsSchema` (defaults applied). */
  settings: unknown;
  /** Decrypted; undefined for connections whose credentials come from the environment. */
  credentials: unknown;
  lastError: string | null;
  /** Where its records open on the web, when the adapter learnt it (a Salesforce org's instance URL). */
  webUrl?: string;
}

/** What a connection defined by the environment looks like (created or updated at start). */
export interface ConnectionSeed {
  key: string;
  label: string;
  /** Settings to start from the first time (e.g. migrated from an earlier release). */
  settings?: Record<string, unknown>;
}

export type ObjectRole = 'document' | 'customer' | 'credit' | 'payment' | 'voucher' | 'article';

export interface SourceObject {
  role: ObjectRole;
  /** How messages name it and its parts: "The order has no billing address." */
  words: Vocabulary;
  /**
   * For a payment whose id names its sales document: that document, read from the id alone. A payment
   * whose invoice does not exist yet then waits for it without reading the source (a request of the
   * source's quota spent only once, after the invoice).
   */
  documentOf?: (ref: SourceRef) => SourceRef | undefined;
}

/** A document as it is now; or gone; or present but not yet something a document can be made from. */
export type DocumentRead =
  | { kind: 'document'; document: SalesDocument }
  | { kind: 'gone' }
  | {
      kind: 'blocked';
      /** Whether the source still wants a document (won, paid …), known even when it cannot be built. */
      active: boolean;
      title: string;
      /** A stable reason code and the plain-English message a person acts on. */
      code: string;
      message: string;
      /** The customer record, when known: its change retries this document too. */
      customer?: SourceRef;
    };

export type CustomerRead = { kind: 'customer'; customer: Customer } | { kind: 'gone' };

/** A record that is not yet (or no longer) something the sink can post: its reason in plain words. */
export interface Blocked {
  kind: 'blocked';
  title: string;
  code: string;
  message: string;
}

/** A refund or credit note as it is now (objects with role 'credit'). */
export type CreditRead = { kind: 'credit'; credit: Credit } | { kind: 'gone' } | Blocked;
/** Money received (objects with role 'payment'). */
export type PaymentRead = { kind: 'payment'; payment: Payment } | { kind: 'gone' } | Blocked;
/** A journal entry, e.g. a closed POS day (objects with role 'voucher'). */
export type VoucherRead = { kind: 'voucher'; voucher: Voucher } | { kind: 'gone' } | Blocked;
/**
 * A product that becomes a Fortnox article (objects with role 'article'); `off` when the connection's
 * settings do not sync products (nothing is sent, nothing parked).
 */
export type ArticleRead = { kind: 'article'; article: Article } | { kind: 'gone' } | { kind: 'off' } | Blocked;

/** What the core tells a source after a document's ledger record changed. */
export interface DocumentOutcome {
  record: SyncRecord;
  /** Signed link to the invoice PDF, for invoices that have a number. */
  pdfUrl?: string;
  at: Date;
}

export type CustomerOutcome =
  | { kind: 'linked'; source: SourceRef; customerNumber: string; at: Date }
  | { kind: 'failed'; source: SourceRef; message: string; at: Date };

/** One source record's pending write-back (changes to it merged, later wins). */
export interface WritebackItem {
  source: SourceRef;
  fields: FieldValues;
  attempts: number;
}

export type WritebackResult =
  | { kind: 'written' }
  /** Passes with time (a record lock): sent again later. */
  | { kind: 'retry_later'; reason: string }
  /** The record no longer exists in the source: noted and dropped. */
  | { kind: 'gone'; reason: string }
  /** Refused for good (a validation rule): the ledger records need attention with the source's message. */
  | { kind: 'refused'; code: string; message: string };

export type WritebackBatch =
  | { kind: 'results'; results: WritebackResult[] }
  /** The source's API allowance is spent: hold the whole queue of this connection. */
  | { kind: 'pause'; seconds: number; reason: string };

export interface SourceWriteback {
  /** Records per call (Salesforce composite: 200). */
  batchSize: number;
  /** Fields that change on every write and never cause one on their own (a "synced at" stamp). */
  volatileFields?: readonly string[];
  send(connection: SourceConnection, items: readonly WritebackItem[], logger: Logger): Promise<WritebackBatch>;
}

/** One article's stock as Fortnox has it: an absolute level, so sending it twice is harmless. */
export interface StockLevel {
  sku: string;
  quantity: number;
}

export interface StockPushResult {
  /** Requests the source was sent (lookups included). */
  requests: number;
  pushed: number;
  /** SKUs the source does not know (or keeps no stock for): reported to a person once, not retried. */
  refused: { sku: string; reason: string }[];
}

/**
 * A source that wants Fortnox's stock (a webshop). The core reads the stock of the articles that
 * changed, and hands the source the levels that differ from what it last sent, at most `batchSize`
 * per call; a failed call is sent again with the same absolute levels.
 */
export interface SourceStock {
  batchSize: number;
  /** Whether this connection's settings turn stock on. */
  wanted(connection: SourceConnection): boolean;
  push(ctx: ReadContext, levels: readonly StockLevel[]): Promise<StockPushResult>;
}

/** What the core hands an adapter in each process. */
export interface SourceServices {
  pool: pg.Pool;
  /** For connections of its own (leader locks must not come from the pool). */
  target: DatabaseTarget;
  logger: Logger;
  /** The parsed environment, base and every adapter's slice. */
  config: Readonly<Record<string, unknown>>;
  /** Core jobs by source reference (`document.sync`, `customer.sync`, `source.writeback`). */
  queue: JobQueue<JobCatalog>;
  connections: ConnectionDirectory;
  /** Asks for a write-back flush of one connection soon; bursts share one. */
  requestFlush(system: string, connection: string): Promise<void>;
  /** Test and script seams per system (`sourceOptions[system]`), typed by each adapter. */
  sourceOptions?: Readonly<Record<string, unknown>>;
}

export interface ConnectionDirectory {
  list(system: string): Promise<SourceConnection[]>;
  get(system: string, key: string): Promise<SourceConnection | undefined>;
  /** A connection-level problem the dashboard shows (webhooks deactivated, messages disabled). */
  markError(system: string, key: string, message: string): Promise<void>;
  clearError(system: string, key: string): Promise<void>;
  touch(system: string, key: string): Promise<void>;
  /** Notes where the connection's records open on the web (`recordUrl` reads it back as `webUrl`). */
  noteWebUrl(system: string, key: string, url: string): Promise<void>;
}

export interface ReadContext {
  connection: SourceConnection;
  logger: Logger;
  signal: AbortSignal;
}

export interface SourceHandle {
  /** Stops listening/polling; in-flight work finishes first. */
  stop(): Promise<void>;
}

/** The parts of an adapter that hold clients and sessions: one per process, opened at start. */
export interface SourceRuntime {
  readDocument(ctx: ReadContext, ref: SourceRef): Promise<DocumentRead>;
  readCustomer(ctx: ReadContext, ref: SourceRef): Promise<CustomerRead>;
  /** For sources with objects of role 'credit', 'payment' or 'voucher' (`document.sync` dispatches by role). */
  readCredit?(ctx: ReadContext, ref: SourceRef): Promise<CreditRead>;
  readPayment?(ctx: ReadContext, ref: SourceRef): Promise<PaymentRead>;
  readVoucher?(ctx: ReadContext, ref: SourceRef): Promise<VoucherRead>;
  /** For sources with objects of role 'article' (products → Fortnox articles). */
  readArticle?(ctx: ReadContext, ref: SourceRef): Promise<ArticleRead>;
  writeback?: SourceWriteback;
  /** For sources whose stock follows Fortnox (`stock.sync`). */
  stock?: SourceStock;
  /** Worker: listeners and pollers. */
  start?(): Promise<SourceHandle>;
  /** Web: webhook intake and connect pages, mounted under `/sources/<system>/`. */
  routes?(router: Router): void;
  close?(): Promise<void>;
}

export interface AdapterJob {
  schema: z.ZodType;
  queue: Omit<Queue, 'name'>;
  /** Slots and polling in a worker (jobs/catalog.ts `WorkerOptions`); absent: the worker's default. */
  worker?: WorkerOptions;
  handler(payload: unknown, job: JobContext, services: SourceServices): Promise<void>;
}

export interface SourceAdapter {
  readonly system: string;
  /** "Salesforce", "BigCommerce" — for people. */
  readonly label: string;
  /**
   * How the Fortnox document names its source: `qualified` is `{system}:{connection}:{id}`; `bare` is
   * the id alone (Salesforce, whose invoices from before other sources existed must still be found).
   */
  readonly referenceStyle: 'bare' | 'qualified';
  /** Record ids of this system (job payloads are validated with it). */
  readonly idSchema: z.ZodType<string>;
  readonly objects: Readonly<Record<string, SourceObject>>;
  /** Per-connection settings, with defaults for every field. */
  readonly settingsSchema: z.ZodType;
  /** Its environment variables; merged into the one config parse at start. */
  readonly configSchema?: z.ZodObject;
  /** Which of its variables a production process must be given. */
  readonly requiredInProduction?: Partial<Record<'web' | 'worker', readonly string[]>>;
  /** Connections the environment defines (Salesforce's org). */
  connectionsFromConfig?(config: Readonly<Record<string, unknown>>): ConnectionSeed[];
  /** The write-back for a document outcome; undefined when the source wants none. Pure. */
  documentFields(outcome: DocumentOutcome): FieldValues | undefined;
  customerFields(outcome: CustomerOutcome): FieldValues | undefined;
  /** A payload an earlier release queued under a core job's name, as a reference (one release's grace). */
  legacyPayload?(job: string, payload: unknown): SourceRef | undefined;
  /** Jobs of its own beyond the core ones (pollers; names an earlier release used, drained here). */
  readonly jobs?: Readonly<Record<string, AdapterJob>>;
  /**
   * Where an admin connects a new store/project/account (a page under `/sources/<system>/` that the
   * adapter's routes serve); the console's connections page links to it. Absent: environment only.
   */
  readonly connectPath?: string;
  /**
   * Where a person opens the record in the source (the console links to it), from the connection
   * (its credentials, its `webUrl`) or the environment (`config`, for connections it defines).
   */
  recordUrl?(
    connection: SourceConnection,
    ref: SourceRef,
    config: Readonly<Record<string, unknown>>,
  ): string | undefined;
  open(services: SourceServices): SourceRuntime;
}
