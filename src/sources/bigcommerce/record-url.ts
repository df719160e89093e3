import type { SourceRef } from '../../core/documents.ts';
import type { SourceConnection } from '../source.ts';
import { OBJECTS, parsePaymentId } from './ids.ts';

/**
 * Where a person opens a BigCommerce record: the store's control panel. A payment opens its order
 * (transactions are listed per order); a refund's id does not name its order and guests have no
 * page, so those have no link. The customer path is the control panel's (unverified against docs).
 */
export function bigcommerceRecordUrl(
  connection: Pick<SourceConnection, 'credentials'>,
  ref: Pick<SourceRef, 'object' | 'id'>,
): string | undefined {
  const hash = (connection.credentials as { storeHash?: unknown } | undefined)?.storeHash;
  if (typeof hash !== 'string' || !/^[a-z0-9]{1,20}$/i.test(hash)) return undefined;
  const panel = `https://store-${hash}.mybigcommerce.com/manage`;
  if (ref.object === OBJECTS.order) return `${panel}/orders/${ref.id}`;
  if (ref.object === OBJECTS.payment) {
    const payment = parsePaymentId(ref.id);
    return payment && `${panel}/orders/${payment.orderId}`;
  }
  if (ref.object === OBJECTS.customer && /^\d+$/.test(ref.id)) return `${panel}/customers/${ref.id}/edit`;
  return undefined;
}
