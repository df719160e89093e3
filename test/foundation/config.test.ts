import { expect } from 'chai';
import { loadConfig } from '../../src/config.ts';
import { ConfigError } from '../../src/core/errors.ts';
import { salesforceConfig } from '../../src/sources/salesforce/config.ts';

function configError(fn: () => unknown): ConfigError {
  try {
    fn();
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

const PRODUCTION_WEB = {
  NODE_ENV: 'production',
  DATABASE_URL: 'postgres://u:p@db.example:5432/app',
  ENCRYPTION_KEY: 'a'.repeat(64),
  APP_SECRET: 'x'.repeat(40),
  ADMIN_PASSWORD: 'correct horse battery',
  PUBLIC_URL: 'https://sync.example.com',
  FORTNOX_CLIENT_ID: 'client',
  FORTNOX_CLIENT_SECRET: 'real-secret',
};

describe('configuration', () => {
  it('starts with no environment at all, pointing at embedded Postgres and the emulators', () => {
    const config = loadConfig('all', {});
    expect(config.DATABASE_URL).to.equal(undefined);
    expect(config.PORT).to.equal(3000);
    expect(config.FORTNOX_API_URL).to.equal('http://127.0.0.1:8091');
    expect(config.FORTNOX_RATE_LIMIT).to.equal(24);
  });

  it('names every bad variable in one message', () => {
    const error = configError(() =>
      loadConfig('all', {
        PORT: 'eighty',
        DATABASE_URL: 'mysql://x',
        LOG_LEVEL: 'loud',
        ENCRYPTION_KEY: 'short',
        FORTNOX_RATE_LIMIT: '40',
      }),
    );
    for (const name of ['PORT', 'DATABASE_URL', 'LOG_LEVEL', 'ENCRYPTION_KEY', 'FORTNOX_RATE_LIMIT']) {
      expect(error.message).to.contain(`${name}:`);
    }
    expect(error.problems).to.have.length(5);
    expect(error.message).to.match(/^Invalid configuration \(5 problems\)/);
  });

  it('parses booleans strictly: "false" is false and "maybe" is an error', () => {
    expect(loadConfig('all', { DATABASE_SSL: 'false' }).DATABASE_SSL).to.equal(false);
    expect(loadConfig('all', { DATABASE_SSL: 'true' }).DATABASE_SSL).to.equal(true);
    expect(configError(() => loadConfig('all', { DATABASE_SSL: 'maybe' })).message).to.contain('DATABASE_SSL');
  });

  it('treats an empty variable as unset', () => {
    expect(loadConfig('all', { PORT: '' }).PORT).to.equal(3000);
  });

  it('in production requires what each process needs, and only that', () => {
    expect(() => loadConfig('web', PRODUCTION_WEB)).not.to.throw();
    const worker = configError(() => loadConfig('worker', PRODUCTION_WEB));
    expect(worker.message).to.contain('SALESFORCE_PRIVATE_KEY: required in production for the worker process');
    const release = loadConfig('release', { NODE_ENV: 'production', DATABASE_URL: PRODUCTION_WEB.DATABASE_URL });
    expect(release.DATABASE_URL).to.equal(PRODUCTION_WEB.DATABASE_URL);
  });

  it('in production refuses to start web or worker without PUBLIC_URL, so no localhost link reaches Salesforce', () => {
    const { PUBLIC_URL: _, ...withoutUrl } = PRODUCTION_WEB;
    for (const role of ['web', 'worker'] as const) {
      expect(configError(() => loadConfig(role, withoutUrl)).message).to.contain(
        `PUBLIC_URL: required in production for the ${role} process`,
      );
    }
    expect(
      configError(() => loadConfig('web', { ...PRODUCTION_WEB, PUBLIC_URL: 'ftp://x.example' })).message,
    ).to.contain('PUBLIC_URL');
  });

  it('refuses development placeholder secrets in production', () => {
    const error = configError(() =>
      loadConfig('web', { ...PRODUCTION_WEB, FORTNOX_CLIENT_SECRET: 'demo-secret', ENCRYPTION_KEY: '0'.repeat(64) }),
    );
    expect(error.message).to.contain('FORTNOX_CLIENT_SECRET: still the development placeholder');
    expect(error.message).to.contain('ENCRYPTION_KEY: still the development placeholder');
  });

  it('is frozen so nothing can change it after start', () => {
    const config = loadConfig('all', {});
    expect(Object.isFrozen(config)).to.equal(true);
  });
});

describe('configuration endpoints', () => {
  it('talks to the real Fortnox and Salesforce in production and to the emulators locally', () => {
    const production = loadConfig('web', PRODUCTION_WEB);
    expect(production.FORTNOX_API_URL).to.equal('https://api.fortnox.se');
    expect(production.FORTNOX_AUTH_URL).to.equal('https://apps.fortnox.se');
    // Salesforce's endpoint is its adapter's to resolve, from the same parsed environment.
    expect(salesforceConfig(production).SALESFORCE_LOGIN_URL).to.equal('https://login.salesforce.com');
    expect(salesforceConfig(loadConfig('web', {})).SALESFORCE_LOGIN_URL).to.equal('http://127.0.0.1:8092');
  });
});
