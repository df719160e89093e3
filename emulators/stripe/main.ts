import { runEmulatorCli } from '../kit/index.ts';
import { startStripeEmulator } from './index.ts';

// `npm run emulator:stripe`: the demo account on STRIPE_EMULATOR_PORT (default 8096). With
// STRIPE_EMULATOR_WEBHOOK_URL set, a webhook endpoint there is signed with whsec_demo.
const webhookUrl = process.env.STRIPE_EMULATOR_WEBHOOK_URL;
await runEmulatorCli(
  'stripe',
  (port, host) => startStripeEmulator({ port, host, ...(webhookUrl ? { webhookEndpoint: { url: webhookUrl } } : {}) }),
  (e) => ({
    dashboard: `${e.url}/`,
    api: `${e.url}/v1`,
    webhookEndpoint: e.demoEndpoint?.url ?? null,
  }),
  { portVariable: 'STRIPE_EMULATOR_PORT', port: 8096 },
);
