import { expect } from 'chai';
import { appsFromCli, parseAppSpec } from '../../../emulators/kit/index.ts';

describe('Emulator kit: extra OAuth apps from the command line', () => {
  it('reads id:secret and keeps everything after the second colon (redirect URIs have colons)', () => {
    expect(
      parseAppSpec('prod-app:s3cret:https://sync.example/fortnox/callback,http://localhost:3000/cb'),
    ).to.deep.equal({
      clientId: 'prod-app',
      clientSecret: 's3cret',
      extra: 'https://sync.example/fortnox/callback,http://localhost:3000/cb',
    });
    expect(parseAppSpec('a:b')).to.deep.equal({ clientId: 'a', clientSecret: 'b' });
    expect(() => parseAppSpec('only-an-id')).to.throw(/client-id:client-secret/);
    expect(() => parseAppSpec(':secret')).to.throw(/client-id:client-secret/);
  });

  it('takes apps from the variable (space or ; separated) and from --app arguments', () => {
    const apps = appsFromCli('X_EMULATOR_APPS', { X_EMULATOR_APPS: 'a:1; b:2' }, [
      'node',
      'main.ts',
      '--app',
      'c:3:/keys/c.pem',
      '--app=d:4',
    ]);
    expect(apps.map((a) => [a.clientId, a.clientSecret, a.extra])).to.deep.equal([
      ['a', '1', undefined],
      ['b', '2', undefined],
      ['c', '3', '/keys/c.pem'],
      ['d', '4', undefined],
    ]);
    expect(appsFromCli('X_EMULATOR_APPS', {}, ['node', 'main.ts'])).to.deep.equal([]);
  });
});
