import { createHmac, timingSafeEqual } from 'node:crypto';
import express, { type Request, type Response, type Router } from 'express';
import type { SourceServices } from '../source.ts';
import { credentialsOf, type WooConfig } from './config.ts';
import { enqueueCustomer, enqueueOrder, enqueueProduct, orderSeen } from './intake.ts';
import { SYSTEM } from './order-read.ts';
import { wooSettingsSchema } from './settings.ts';

/**
 * `POST /sources/woocommerce/webhook/:connection`: WooCommerce's webhooks are a trigger only. The
 * signature (base64 HMAC-SHA256 of the exact body bytes, `X-WC-Webhook-Signature`) is checked on
 * the raw body before anything is parsed; then the order id is enqueued and the answer is sent at
 * once — WooCommerce never retries and disables a webhook after repeated failures, so the handler
 * does nothing that can be slow. The job re-reads the order; the body's data is never used.
 */

export function signatureValid(raw: Buffer, secret: string, header: string | undefined): boolean {
  if (header === undefined || header === '') return false;
  const expected = createHmac('sha256', secret).update(raw).digest();
  const given = Buffer.from(header, 'base64');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

export function wooWebhookRoutes(router: Router, services: SourceServices, config: WooConfig): void {
  const log = services.logger.child({ source: SYSTEM, component: 'webhook' });
  router.post(
    '/webhook/:connection',
    express.raw({ type: () => true, limit: '5mb' }),
    async (req: Request, res: Response) => {
      const key = String(req.params.connection);
      const connection = await services.connections.get(SYSTEM, key);
      const credentials = connection === undefined ? undefined : credentialsOf(connection.credentials, config);
      if (connection === undefined || credentials === undefined) {
        res
          .status(404)
          .json({ error: 'unknown_connection', message: 'No WooCommerce shop is connected under this key.' });
        return;
      }
      const raw = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
      const signature = req.get('x-wc-webhook-signature');
      // The ping WooCommerce sends when a webhook is created is an unsigned form post `webhook_id=N`.
      if (signature === undefined && /^webhook_id=\d+$/.test(raw.toString('utf8'))) {
        res.status(200).json({ received: true });
        return;
      }
      if (!signatureValid(raw, credentials.webhookSecret, signature)) {
        log.warn('webhook refused: signature missing or wrong', {
          connection: key,
          hasSignature: signature !== undefined,
        });
        res
          .status(401)
          .json({ error: 'signature_invalid', message: 'The webhook signature does not match this shop’s secret.' });
        return;
      }
      let body: unknown;
      try {
        body = JSON.parse(raw.toString('utf8'));
      } catch {
        res.status(400).json({ error: 'body_invalid', message: 'The webhook body is not JSON.' });
        return;
      }
      const resource = req.get('x-wc-webhook-resource') ?? 'order';
      if (resource === 'product') {
        const products = wooSettingsSchema.parse(connection.settings ?? {}).products;
        if (connection.state === 'active' && products !== 'off') await enqueueProduct(services.queue, key, body);
        res.status(200).json({ received: true });
        return;
      }
      const seen = orderSeen(body);
      if (connection.state !== 'active' || seen === undefined) {
        // Signed but nothing we act on (a paused connection, a deleted record's `{id}` without data): the poller decides.
        res.status(200).json({ received: true, ignored: true });
        return;
      }
      if (resource === 'order') await enqueueOrder(services.queue, key, seen, 'webhook');
      else if (resource === 'customer') await enqueueCustomer(services.queue, key, seen.id, seen.modified);
      await services.connections.touch(SYSTEM, key);
      res.status(200).json({ received: true });
    },
  );
}
