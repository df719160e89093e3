import { expect } from 'chai';
import { decryptSecret, deriveKey, encryptSecret } from '../../src/core/crypto.ts';
import { AppError } from '../../src/core/errors.ts';

describe('secrets at rest (AES-256-GCM)', () => {
  const key = deriveKey('a generated heroku secret that is not hex at all');

  it('round-trips, and never stores the plain text', () => {
    const sealed = encryptSecret('refresh-token-123', key);
    expect(sealed).not.to.contain('refresh-token-123');
    expect(decryptSecret(sealed, key)).to.equal('refresh-token-123');
    expect(encryptSecret('refresh-token-123', key)).not.to.equal(sealed); // fresh IV each time
  });

  it('refuses a tampered ciphertext or the wrong key with a clear error', () => {
    const sealed = encryptSecret('refresh-token-123', key);
    const parts = sealed.split('.');
    const tampered = [parts[0], parts[1], parts[2], Buffer.from('x' + parts[3]).toString('base64url')].join('.');
    expect(() => decryptSecret(tampered, key)).to.throw(AppError, /cannot be decrypted/);
    expect(() => decryptSecret(sealed, deriveKey('f'.repeat(64)))).to.throw(AppError, /ENCRYPTION_KEY changed/);
  });

  it('uses a 64-hex-character key as is and stretches any other secret to 32 bytes', () => {
    expect(deriveKey('ab'.repeat(32)).toString('hex')).to.equal('ab'.repeat(32));
    expect(key).to.have.length(32);
  });
});
