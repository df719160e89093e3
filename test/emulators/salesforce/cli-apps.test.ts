import { generateKeyPairSync } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { DEMO_USERNAME, signAssertion } from '../../../emulators/salesforce/index.ts';
import { startCli } from '../fortnox/cli-process.ts';

describe('Salesforce emulator: extra connected apps from the command line', () => {
  it('trusts the certificate given with --app for the JWT bearer flow of that app only', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'sf-cli-'));
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const keyPem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    await writeFile(join(dir, 'app.pem'), publicKey.export({ type: 'spki', format: 'pem' }).toString());
    const cli = await startCli('emulators/salesforce/main.ts', { SALESFORCE_EMULATOR_PORT: '0' }, [
      '--app',
      `prod-app:prod-secret:${join(dir, 'app.pem')}`,
    ]);
    try {
      expect(cli.line.clients).to.deep.equal(['demo-client', 'prod-app']);
      const jwt = (clientId: string) => {
        const assertion = signAssertion(
          { iss: clientId, sub: DEMO_USERNAME, aud: cli.url, exp: Math.floor(Date.now() / 1000) + 120 },
          keyPem,
        );
        return fetch(`${cli.url}/services/oauth2/token`, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams({ grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer', assertion }),
        });
      };
      const ok = await jwt('prod-app');
      expect(ok.status).to.equal(200);
      expect(((await ok.json()) as { instance_url: string }).instance_url).to.equal(cli.url);
      expect((await jwt('demo-client')).status).to.equal(400); // the demo app trusts only the dev key
    } finally {
      await cli.stop();
      await rm(dir, { recursive: true, force: true });
    }
  });
});
