import { appsFromCli, runEmulatorCli } from '../kit/index.ts';
import { startFortnoxEmulator } from './index.ts';

// `npm run emulator:fortnox [-- --app id:secret[:redirect,…]]`: port FORTNOX_EMULATOR_PORT (8091).
// Extra apps (also FORTNOX_EMULATOR_APPS) let a production build, which refuses demo-client, log in.
const apps = appsFromCli('FORTNOX_EMULATOR_APPS').map((a) => ({
  clientId: a.clientId,
  clientSecret: a.clientSecret,
  ...(a.extra ? { redirectUris: a.extra.split(',').filter((u) => u !== '') } : {}),
}));
await runEmulatorCli(
  'fortnox',
  (port, host) =>
    startFortnoxEmulator({
      port,
      host,
      apps,
      autoApprove: process.env.FORTNOX_EMULATOR_AUTO_APPROVE === '1',
      ...(process.env.FORTNOX_EMULATOR_JWT_SECRET ? { jwtSecret: process.env.FORTNOX_EMULATOR_JWT_SECRET } : {}),
    }),
  (emulator) => ({
    finance: `${emulator.url}/`,
    oauth: `${emulator.url}/oauth-v1/auth`,
    clients: ['demo-client', ...apps.map((a) => a.clientId)],
  }),
  { portVariable: 'FORTNOX_EMULATOR_PORT', port: 8091 },
);
