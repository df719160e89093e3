import type { SourceRef } from '../../core/documents.ts';
import type { SourceConnection } from '../source.ts';

/**
 * Where a person opens a Salesforce record: the org's instance URL (the worker notes it from the
 * token response as the connection's `webUrl`) + Lightning's record path. Before the worker has
 * signed in once, a My Domain login URL is the org's address too; the generic login host is not.
 */

const LINKED = new Set(['Opportunity', 'Order', 'Account', 'Product2']);

function myDomain(loginUrl: unknown): string | undefined {
  if (typeof loginUrl !== 'string') return undefined;
  try {
    const url = new URL(loginUrl);
    return url.protocol === 'https:' && url.hostname.endsWith('.my.salesforce.com') ? url.origin : undefined;
  } catch {
    return undefined;
  }
}

export function salesforceRecordUrl(
  connection: Pick<SourceConnection, 'webUrl'>,
  ref: Pick<SourceRef, 'object' | 'id'>,
  config: Readonly<Record<string, unknown>>,
): string | undefined {
  const base = connection.webUrl ?? myDomain(config.SALESFORCE_LOGIN_URL);
  if (base === undefined || !LINKED.has(ref.object)) return undefined;
  return `${base.replace(/\/+$/, '')}/lightning/r/${ref.object}/${encodeURIComponent(ref.id)}/view`;
}
