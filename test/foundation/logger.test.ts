import { Writable } from 'node:stream';
import { expect } from 'chai';
import { AppError } from '../../src/core/errors.ts';
import { createLogger } from '../../src/core/logger.ts';

function capture() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(chunk.toString('utf8'));
      done();
    },
  });
  return { logger: createLogger({ stream, level: 'debug' }), text: () => lines.join('') };
}

const JWT = 'eyJhbGciOiJIUzI1NiJ9.eyJ0ZW5hbnRJZCI6MTAwMX0.c2lnbmF0dXJlLXZhbHVl';

describe('log redaction', () => {
  it('never writes tokens, secrets, Authorization headers or e-mail addresses', () => {
    const { logger, text } = capture();
    const job = logger.child({ correlationId: 'c-1', contact: 'anna.svensson@kund.se' });
    job.info('refreshed token for anna.svensson@kund.se', {
      access_token: 'at-123456',
      refreshToken: 'rt-abcdef',
      request: {
        headers: { Authorization: 'Bearer at-123456', 'Content-Type': 'application/json' },
        url: 'https://x/cb?code=auth-code-9&state=s1',
      },
      clientSecret: 'very-secret',
      note: `token in text: Bearer at-123456 and ${JWT}`,
      nested: [{ password: 'hunter2', email: 'finance@bolaget.se' }],
    });
    job.error('failed', { error: new Error(`401 for ops@example.com using ${JWT}`) });
    const out = text();
    for (const secret of [
      'at-123456',
      'rt-abcdef',
      'very-secret',
      'hunter2',
      'auth-code-9',
      JWT,
      '@kund.se',
      '@bolaget.se',
      '@example.com',
    ]) {
      expect(out, secret).not.to.contain(secret);
    }
    // What is not secret stays readable, so the log is still useful.
    expect(out).to.contain('"correlationId":"c-1"');
    expect(out).to.contain('application/json');
    expect(out).to.contain('[email]');
  });

  it('writes one JSON object per line with level, message and bindings', () => {
    const { logger, text } = capture();
    logger.child({ jobId: 'j1' }).warn('slow', { ms: 12 });
    const entry = JSON.parse(text().trim()) as Record<string, unknown>;
    expect(entry).to.include({ level: 'warn', message: 'slow', jobId: 'j1', ms: 12, service: 'fortnox-sync' });
  });

  it('logs an AppError by its safe summary, not its cause', () => {
    const { logger, text } = capture();
    const cause = { body: { Name: 'Privatperson', Email: 'p@example.com' } };
    logger.error('sync failed', {
      error: new AppError('Fortnox refused the customer', {
        code: 'fortnox_validation',
        category: 'validation',
        retryable: false,
        cause,
      }),
    });
    const out = text();
    expect(out).to.contain('fortnox_validation');
    expect(out).not.to.contain('Privatperson');
  });
});
