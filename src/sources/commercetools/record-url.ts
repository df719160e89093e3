import type { SourceRef } from '../../core/documents.ts';
import type { SourceConnection } from '../source.ts';
import { commercetoolsConfig, credentialsFor } from './config.ts';
import { OBJECTS } from './ids.ts';

/**
 * Where a person opens a commercetools record: the Merchant Center of the project's region, which
 * is the API host with `mc.` for `api.` (api.europe-west1.gcp.commercetools.com →
 * mc.europe-west1.gcp.commercetools.com). An API URL of another shape (the emulator) has none.
 */

const PAGES: Readonly<Record<string, string>> = {
  [OBJECTS.order]: 'orders',
  // A guest's customer record is keyed by its order's id. (Captures and refunds are transaction ids: no page of their own.)
  [OBJECTS.guest]: 'orders',
  [OBJECTS.customer]: 'customers',
};

export function commercetoolsRecordUrl(
  connection: Pick<SourceConnection, 'key' | 'credentials'>,
  ref: Pick<SourceRef, 'object' | 'id'>,
  config: Readonly<Record<string, unknown>>,
): string | undefined {
  const page = PAGES[ref.object];
  if (page === undefined) return undefined;
  let credentials: ReturnType<typeof credentialsFor>;
  try {
    credentials = credentialsFor(connection.key, connection.credentials, commercetoolsConfig(config));
  } catch {
    return undefined; // credentials an older release stored: the connections page names that problem
  }
  if (credentials === undefined) return undefined;
  const api = new URL(credentials.apiUrl);
  if (api.protocol !== 'https:' || !/^api\.[a-z0-9.-]+\.commercetools\.com$/.test(api.hostname)) return undefined;
  const mc = api.hostname.replace(/^api\./, 'mc.');
  return `https://${mc}/${encodeURIComponent(credentials.projectKey)}/${page}/${encodeURIComponent(ref.id)}`;
}
