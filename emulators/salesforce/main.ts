// CLI: node emulators/salesforce/main.ts (port SALESFORCE_EMULATOR_PORT, default 8092).
import {
  DEMO_CLIENT_ID,
  DEMO_CLIENT_SECRET,
  DEMO_PASSWORD,
  DEMO_USERNAME,
  DEV_PRIVATE_KEY_PATH,
  startSalesforceEmulator,
} from './index.ts';

const port = Number(process.env.SALESFORCE_EMULATOR_PORT ?? 8092);
const emulator = await startSalesforceEmulator({
  port,
  host: process.env.SALESFORCE_EMULATOR_HOST ?? '127.0.0.1',
  demoData: true,
});
process.stdout.write(
  [
    `Salesforce emulator on ${emulator.url} (sales page: ${emulator.url}/)`,
    `  login/instance URL: ${emulator.url}   client: ${DEMO_CLIENT_ID} / ${DEMO_CLIENT_SECRET}`,
    `  user: ${DEMO_USERNAME} / ${DEMO_PASSWORD}   JWT key: ${DEV_PRIVATE_KEY_PATH}`,
    '',
  ].join('\n'),
);
const stop = () => {
  void emulator.close().then(() => process.exit(0));
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
