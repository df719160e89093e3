import { runEmulatorCli } from '../kit/index.ts';
import { DEMO_CLIENT, startCommercetoolsEmulator } from './index.ts';

// `npm run emulator:commercetools`: the emulator on COMMERCETOOLS_EMULATOR_PORT (default 8094).
await runEmulatorCli(
  'commercetools',
  (port, host) => startCommercetoolsEmulator({ port, host }),
  (emulator) => ({
    shop: `${emulator.url}/`,
    api: `${emulator.url}/${emulator.projectKey}`,
    auth: `${emulator.url}/oauth/token`,
    projectKey: emulator.projectKey,
    demoClient: DEMO_CLIENT.id,
  }),
  { portVariable: 'COMMERCETOOLS_EMULATOR_PORT', port: 8094 },
);
