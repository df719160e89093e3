import type { SourceRef } from '../../core/documents.ts';
import type { SourceConnection } from '../source.ts';
import { WOO_CONNECTION, wooConfig, wooCredentialsSchema } from './config.ts';

/**
 * Where a person opens a WooCommerce record: the shop's wp-admin. Refunds and payments open their
 * order (`<order>-<refund>`, the order's id), a guest buyer `g<order>` the order they bought with,
 * a registered customer their user profile; the shared private customer and e-mail guests have none.
 */
export function wooRecordUrl(
  connection: Pick<SourceConnection, 'key' | 'credentials'>,
  ref: Pick<SourceRef, 'object' | 'id'>,
  config: Readonly<Record<string, unknown>>,
): string | undefined {
  const stored = wooCredentialsSchema.safeParse(connection.credentials);
  // The environment's shop is connection `default` with no stored credentials.
  const shop = stored.success
    ? stored.data.url
    : connection.key === WOO_CONNECTION
      ? wooConfig(config).WOOCOMMERCE_URL
      : undefined;
  if (shop === undefined) return undefined;
  const admin = `${shop.replace(/\/+$/, '')}/wp-admin`;
  const order = (id: string) => `${admin}/post.php?post=${id}&action=edit`;
  if (ref.object === 'order' || ref.object === 'payment') return /^\d+$/.test(ref.id) ? order(ref.id) : undefined;
  if (ref.object === 'refund') {
    const match = /^(\d+)-\d+$/.exec(ref.id);
    return match ? order(match[1]!) : undefined;
  }
  if (ref.object === 'customer') {
    if (/^\d+$/.test(ref.id)) return `${admin}/user-edit.php?user_id=${ref.id}`;
    const guest = /^g(\d+)$/.exec(ref.id);
    return guest ? order(guest[1]!) : undefined;
  }
  return undefined;
}
