import { expect } from 'chai';
import { startCli } from './cli-process.ts';
import { at, basic, tokenRequest } from './helpers.ts';

describe('Fortnox emulator: extra OAuth apps from the command line', () => {
  it('lets an app from FORTNOX_EMULATOR_APPS and one from --app log in, with the redirect URIs they name', async () => {
    const cli = await startCli(
      'emulators/fortnox/main.ts',
      { FORTNOX_EMULATOR_PORT: '0', FORTNOX_EMULATOR_APPS: 'prod-app:prod-secret:http://127.0.0.1:9/cb' },
      ['--app', 'other-app:other-secret'],
    );
    try {
      expect(cli.line.clients).to.deep.equal(['demo-client', 'prod-app', 'other-app']);
      expect(JSON.stringify(cli.line)).not.to.contain('secret');
      const auth = (redirect: string) =>
        fetch(
          `${cli.url}/oauth-v1/auth?${new URLSearchParams({
            client_id: 'prod-app',
            redirect_uri: redirect,
            scope: 'invoice',
            state: 's',
            response_type: 'code',
            emulator_auto_approve: '1',
          })}`,
          { redirect: 'manual' },
        );
      expect((await auth('http://evil.example/cb')).status).to.not.equal(302);
      const ok = await auth('http://127.0.0.1:9/cb');
      const code = new URL(ok.headers.get('location') ?? '').searchParams.get('code') ?? '';
      const form = { grant_type: 'authorization_code', code, redirect_uri: 'http://127.0.0.1:9/cb' };
      const token = await tokenRequest(cli.url, form, basic('prod-app', 'prod-secret'));
      expect(token.status, token.text).to.equal(200);
      expect(at(token.json, 'token_type')).to.equal('bearer');
      const wrong = await tokenRequest(cli.url, form, basic('other-app', 'nope'));
      expect(wrong.status).to.equal(401);
    } finally {
      await cli.stop();
    }
  });
});
