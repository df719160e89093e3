import express, { type Request, type Response, type Router } from 'express';
import type Stripe from 'stripe';
import type { SourceConnection, SourceServices } from '../source.ts';
import { type StripeConfig, stripeCredentials } from './config.ts';
import { enqueueEvent } from './intake.ts';
import { SYSTEM } from './invoice-read.ts';

/**
 * `POST /sources/stripe/webhook/:connection`: the `Stripe-Signature` header is checked with the
 * official `stripe.webhooks.constructEvent` on the raw body (which also refuses a signature older
 * than five minutes — a replayed delivery); then the event's object is enqueued by id and Stripe is
 * answered at once. The job re-reads the invoice; the event's copy of it is never used.
 */

export function stripeWebhookRoutes(
  router: Router,
  services: SourceServices,
  config: StripeConfig,
  clientFor: (connection: SourceConnection) => Stripe | undefined,
): void {
  const log = services.logger.child({ source: SYSTEM, component: 'webhook' });
  router.post(
    '/webhook/:connection',
    express.raw({ type: () => true, limit: '5mb' }),
    async (req: Request, res: Response) => {
      const key = String(req.params.connection);
      const connection = await services.connections.get(SYSTEM, key);
      const stripe = connection === undefined ? undefined : clientFor(connection);
      const credentials = connection === undefined ? undefined : stripeCredentials(connection.credentials, config);
      if (connection === undefined || stripe === undefined || credentials === undefined) {
        res
          .status(404)
          .json({ error: 'unknown_connection', message: 'No Stripe account is connected under this key.' });
        return;
      }
      let event: Stripe.Event;
      try {
        const raw = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
        event = stripe.webhooks.constructEvent(raw, req.get('stripe-signature') ?? '', credentials.webhookSecret, 300);
      } catch {
        log.warn('webhook refused: signature missing, wrong or too old', { connection: key });
        res.status(400).json({
          error: 'signature_invalid',
          message: 'The Stripe-Signature does not verify with this endpoint’s secret.',
        });
        return;
      }
      if (connection.state === 'active') await enqueueEvent(services.queue, key, event);
      await services.connections.touch(SYSTEM, key);
      res.status(200).json({ received: true });
    },
  );
}
