// `npm run emulator:salesforce [-- --app id:secret[:certificate.pem]]`: port SALESFORCE_EMULATOR_PORT
// (8092), with demo data. Extra connected apps (also SALESFORCE_EMULATOR_APPS) trust the given
// certificate for the JWT bearer flow, so a production build with its own key can log in.
import { readFileSync } from 'node:fs';
import { appsFromCli, runEmulatorCli } from '../kit/index.ts';
import {
  DEMO_CLIENT_ID,
  DEMO_USERNAME,
  DEV_PRIVATE_KEY_PATH,
  type SalesforceEmulator,
  startSalesforceEmulator,
} from './index.ts';

const apps = appsFromCli('SALESFORCE_EMULATOR_APPS').map((a) => ({
  clientId: a.clientId,
  clientSecret: a.clientSecret,
  runAsUsername: DEMO_USERNAME,
  ...(a.extra ? { certificate: readFileSync(a.extra, 'utf8') } : {}),
}));
await runEmulatorCli<SalesforceEmulator>(
  'salesforce',
  (port, host) => startSalesforceEmulator({ port, host, demoData: true, apps }),
  (emulator) => ({
    sales: `${emulator.url}/`,
    loginUrl: emulator.url,
    clients: [DEMO_CLIENT_ID, ...apps.map((a) => a.clientId)],
    devJwtKey: DEV_PRIVATE_KEY_PATH,
  }),
  { portVariable: 'SALESFORCE_EMULATOR_PORT', port: 8092 },
);
