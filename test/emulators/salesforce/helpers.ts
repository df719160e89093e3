import { Connection } from 'jsforce';
import type { SalesforceEmulator, SalesforceEmulatorOptions } from '../../../emulators/salesforce/index.ts';
import {
  DEMO_CLIENT_ID,
  DEMO_CLIENT_SECRET,
  DEMO_PASSWORD,
  DEMO_USERNAME,
  startSalesforceEmulator,
} from '../../../emulators/salesforce/index.ts';

export const VERSION = '64.0';

export async function startEmulator(opts: SalesforceEmulatorOptions = {}): Promise<SalesforceEmulator> {
  return startSalesforceEmulator({ longPollTimeoutMs: 1500, ...opts });
}

/** A real jsforce connection logged in with the OAuth username-password flow. */
export async function login(emulator: SalesforceEmulator, client?: string): Promise<Connection> {
  const conn = new Connection({
    loginUrl: emulator.url,
    version: VERSION,
    oauth2: { loginUrl: emulator.url, clientId: DEMO_CLIENT_ID, clientSecret: DEMO_CLIENT_SECRET },
    ...(client ? { callOptions: { client } } : {}),
  });
  await conn.login(DEMO_USERNAME, DEMO_PASSWORD);
  return conn;
}
