import { runEmulatorCli } from '../kit/index.ts';
import { DEMO_CLIENT, DEMO_LOCATION_ID, startLightspeedEmulator } from './index.ts';

// `npm run emulator:lightspeed`: the emulator on LIGHTSPEED_EMULATOR_PORT (default 8097).
await runEmulatorCli(
  'lightspeed',
  (port, host) =>
    startLightspeedEmulator({
      port,
      host,
      autoApprove: process.env.LIGHTSPEED_EMULATOR_AUTO_APPROVE === '1',
      ...(process.env.LIGHTSPEED_EMULATOR_CLOCK_START
        ? { clockStart: process.env.LIGHTSPEED_EMULATOR_CLOCK_START }
        : {}),
    }),
  (e) => ({
    till: `${e.url}/`,
    authorize: `${e.url}/oauth/authorize`,
    token: `${e.url}/oauth/token`,
    demoClient: DEMO_CLIENT.clientId,
    demoLocation: DEMO_LOCATION_ID,
  }),
  { portVariable: 'LIGHTSPEED_EMULATOR_PORT', port: 8097 },
);
