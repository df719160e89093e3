import { runEmulatorCli } from '../kit/index.ts';
import { startWooCommerceEmulator } from './index.ts';

// `npm run emulator:woocommerce`: the demo shop on WOOCOMMERCE_EMULATOR_PORT (default 8095).
await runEmulatorCli(
  'woocommerce',
  (port, host) => startWooCommerceEmulator({ port, host }),
  (e) => ({ shop: `${e.url}/`, api: e.apiUrl }),
  { portVariable: 'WOOCOMMERCE_EMULATOR_PORT', port: 8095 },
);
