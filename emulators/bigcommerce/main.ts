import { runEmulatorCli } from '../kit/index.ts';
import { DEMO_STORE, DEMO_TOKEN, startBigCommerceEmulator } from './index.ts';

// `npm run emulator:bigcommerce`: the emulator on BIGCOMMERCE_EMULATOR_PORT (default 8093), demo store seeded.
await runEmulatorCli(
  'bigcommerce',
  (port, host) => startBigCommerceEmulator({ port, host }),
  (emulator) => ({
    page: `${emulator.url}/`,
    api: `${emulator.url}/stores/${DEMO_STORE}/v3`,
    storeHash: DEMO_STORE,
    token: DEMO_TOKEN,
  }),
  { portVariable: 'BIGCOMMERCE_EMULATOR_PORT', port: 8093 },
);
