import { startFortnoxEmulator } from './index.ts';

// `npm run emulator:fortnox`: the emulator on FORTNOX_EMULATOR_PORT (default 8091).
const port = Number(process.env.FORTNOX_EMULATOR_PORT ?? 8091);
const host = process.env.FORTNOX_EMULATOR_HOST ?? '127.0.0.1';
const emulator = await startFortnoxEmulator({
  port,
  host,
  autoApprove: process.env.FORTNOX_EMULATOR_AUTO_APPROVE === '1',
  ...(process.env.FORTNOX_EMULATOR_JWT_SECRET ? { jwtSecret: process.env.FORTNOX_EMULATOR_JWT_SECRET } : {}),
});
process.stdout.write(
  `${JSON.stringify({
    msg: 'fortnox emulator listening',
    url: emulator.url,
    finance: `${emulator.url}/`,
    oauth: `${emulator.url}/oauth-v1/auth`,
    demoClient: 'demo-client',
  })}\n`,
);
const stop = (): void => {
  void emulator.close().then(() => process.exit(0));
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
