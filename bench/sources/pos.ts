import type { TenantStats } from '../../emulators/fortnox/index.ts';
import {
  DEMO_BUSINESS_ID,
  type LightspeedEmulator,
  startLightspeedEmulator,
} from '../../emulators/lightspeed-k/index.ts';
import type { Stack } from '../../scripts/stack.ts';
import { deriveKey } from '../../src/core/crypto.ts';
import { saveConnection } from '../../src/db/source-connections.repo.ts';
import { drained } from './drained.ts';
import type { SourceDriver } from './driver.ts';

/**
 * Lightspeed K-Series day vouchers (issue #14): three locations of one business, a year of days
 * each (365 × 3 by default). Every day is a few till sales (three VAT rates, card, cash, Swish), closed
 * and processed (dataComplete), then the emulator's clock moves to the next day. The worker's poll
 * looks back a week only, so the bench queues each day's `document.sync` itself — as the poll would
 * for a location connected with a year of history — then replays every day once: 0 new vouchers.
 */

const LOCATIONS = ['gotgatan', 'sodermalm', 'vasastan'] as const;
const DAY_MS = 86_400_000;
const PROCESSING_MS = 20 * 60_000;

export function posDriver(): SourceDriver {
  let ls: LightspeedEmulator | undefined;
  const blIds: number[] = [];
  const burst: string[] = [];
  let placed = 0;
  const em = (): LightspeedEmulator => {
    if (ls === undefined) throw new Error('the Lightspeed emulator is not started');
    return ls;
  };
  const refOf = (reference: string) => {
    const [, connection, id] = reference.split(':');
    return { system: 'lightspeed', connection: connection!, object: 'day', id: id! };
  };
  const announce = async (stack: Stack, references: readonly string[]) => {
    for (const reference of references)
      await stack.runtime.queue.send('document.sync', { source: refOf(reference), reason: 'bench: day complete' });
  };
  return {
    key: 'pos',
    unit: 'day',
    defaultCount: 365 * LOCATIONS.length,
    fortnoxDocument: 'vouchers',
    sourceQuotaPerMin: undefined,
    start: async () => {
      // Days fall in the Fortnox emulator's financial years (last and this one) and end before its today.
      const year = new Date().getFullYear() - 1;
      ls = await startLightspeedEmulator({
        port: 0,
        clockStart: `${year}-01-02T12:00:00+01:00`,
        // The clock runs a year ahead; a real connection's refreshes are not what is measured.
        accessTokenTtlSeconds: 3 * 365 * 86_400,
      });
      blIds.push(ls.demo.locationId);
      for (const name of LOCATIONS.slice(1))
        blIds.push(ls.addLocation(DEMO_BUSINESS_ID, { blName: `Kaffebaren ${name}` }).blID);
      return { LIGHTSPEED_API_URL: ls.url, LIGHTSPEED_POLL_SECONDS: '86400' };
    },
    connect: async (stack: Stack) => {
      const key = deriveKey(stack.config.ENCRYPTION_KEY);
      for (const [k, name] of LOCATIONS.entries()) {
        const token = em().mintToken();
        await saveConnection(stack.runtime.pool, key, {
          system: 'lightspeed',
          key: name,
          label: `Kaffebaren ${name}`,
          credentials: {
            accessToken: token.access_token,
            refreshToken: token.refresh_token,
            expiresAt: Date.now() + 3 * 365 * 86_400_000,
          },
          settings: { businessLocationId: blIds[k]! },
        });
      }
    },
    warmUpCount: () => LOCATIONS.length,
    place: (_i, phase) => {
      const k = placed++ % LOCATIONS.length;
      const location = blIds[k]!;
      const date = em().openDay(location);
      em().ringUp({ location, lines: [{ sku: '101', quantity: 2 }, { sku: '201' }], payments: [{ method: 'CARD' }] });
      em().ringUp({ location, lines: [{ sku: '301' }], payments: [{ method: 'CASH' }] });
      em().ringUp({ location, lines: [{ sku: '102' }], payments: [{ method: 'SWISH' }] });
      em().closeDay(location, date);
      em().advanceClock(PROCESSING_MS);
      if (k === LOCATIONS.length - 1) em().advanceClock(DAY_MS - LOCATIONS.length * PROCESSING_MS);
      const reference = `lightspeed:${LOCATIONS[k]}:${date}`;
      if (phase === 'burst') burst.push(reference);
      return reference;
    },
    announce,
    stats: () => em().stats.total(),
    resetStats: () => em().stats.reset(),
    extra: async (stack) => {
      // Every day posted once more: the ledger knows each, so Fortnox gets no new voucher.
      const fortnox = () => (stack.fortnox.stats(1001) as TenantStats).requests;
      const before = { lightspeed: em().stats.total().requests, fortnox: fortnox() };
      await announce(stack, burst);
      await drained(stack, 10 * 60_000);
      return {
        replay: {
          days: burst.length,
          lightspeed_requests: em().stats.total().requests - before.lightspeed,
          fortnox_requests: fortnox() - before.fortnox,
        },
      };
    },
    close: async () => {
      await ls?.close();
    },
  };
}
