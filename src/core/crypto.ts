import { createCipheriv, createDecipheriv, createHash, hkdfSync, randomBytes } from 'node:crypto';
import { AppError } from './errors.ts';

/**
 * AES-256-GCM for secrets at rest (Fortnox tokens). Ciphertext is `v1.<iv>.<tag>.<data>` in base64url,
 * so the format can change later without guessing. GCM's tag makes tampering or a wrong key fail
 * loudly instead of yielding garbage.
 */

const VERSION = 'v1';

/** 64 hex characters are used as the key itself; any other secret is stretched with HKDF-SHA256. */
export function deriveKey(secret: string): Buffer {
  if (/^[0-9a-fA-F]{64}$/.test(secret)) return Buffer.from(secret, 'hex');
  return Buffer.from(hkdfSync('sha256', secret, 'fortnox-sync', 'token-encryption', 32));
}

export function encryptSecret(plain: string, key: Buffer): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const data = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  return [
    VERSION,
    iv.toString('base64url'),
    cipher.getAuthTag().toString('base64url'),
    data.toString('base64url'),
  ].join('.');
}

export function decryptSecret(sealed: string, key: Buffer): string {
  const [version, iv, tag, data] = sealed.split('.');
  if (version !== VERSION || iv === undefined || tag === undefined || data === undefined) {
    throw new AppError('Stored secret has an unknown format', {
      code: 'secret_format',
      category: 'config',
      retryable: false,
    });
  }
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(data, 'base64url')), decipher.final()]).toString('utf8');
  } catch (cause) {
    throw new AppError('Stored secret cannot be decrypted (ENCRYPTION_KEY changed?)', {
      code: 'secret_undecryptable',
      category: 'config',
      retryable: false,
      cause,
      userMessage:
        'The stored Fortnox connection cannot be read with the current ENCRYPTION_KEY; reconnect Fortnox or restore the old key.',
    });
  }
}

/** A short, non-reversible fingerprint for logs ("which token was this?") that reveals nothing. */
export function fingerprint(secret: string): string {
  return createHash('sha256').update(secret).digest('hex').slice(0, 8);
}
