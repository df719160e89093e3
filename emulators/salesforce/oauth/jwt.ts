// RS256 JWT bearer assertions (RFC 7523) as Salesforce checks them: signature against the
// connected app's certificate, iss = consumer key, sub = username, aud = login host, exp.

import type { KeyObject } from 'node:crypto';
import { createPublicKey, createSign, verify, X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { z } from 'zod';

export const DEV_PRIVATE_KEY_PATH = new URL('../dev-keys/dev-private-key.pem', import.meta.url).pathname;
export const DEV_CERTIFICATE_PATH = new URL('../dev-keys/dev-certificate.pem', import.meta.url).pathname;

export const devPrivateKey = (): string => readFileSync(DEV_PRIVATE_KEY_PATH, 'utf8');
export const devCertificate = (): string => readFileSync(DEV_CERTIFICATE_PATH, 'utf8');

/** Accepts what an admin uploads (an X.509 certificate) or a bare public key. */
export function publicKeyFrom(pem: string): KeyObject {
  return pem.includes('BEGIN CERTIFICATE') ? new X509Certificate(pem).publicKey : createPublicKey(pem);
}

const Claims = z.object({
  iss: z.string(),
  sub: z.string(),
  aud: z.union([z.string(), z.array(z.string())]),
  exp: z.number(),
});
export type JwtClaims = z.infer<typeof Claims>;

const Header = z.object({ alg: z.literal('RS256') });

function json(part: string): unknown {
  try {
    return JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
}

/** Claims of a well-formed assertion (signature not yet checked), or undefined. */
export function decodeAssertion(assertion: string): JwtClaims | undefined {
  const [header, payload, signature] = assertion.split('.');
  if (!header || !payload || !signature || !Header.safeParse(json(header)).success) return undefined;
  const claims = Claims.safeParse(json(payload));
  return claims.success ? claims.data : undefined;
}

export function verifySignature(assertion: string, key: KeyObject): boolean {
  const [header = '', payload = '', signature = ''] = assertion.split('.');
  return verify('sha256', Buffer.from(`${header}.${payload}`), key, Buffer.from(signature, 'base64url'));
}

/** Builds an assertion the way a client does (used by tests and the demo). */
export function signAssertion(claims: JwtClaims, privateKeyPem: string): string {
  const enc = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
  const unsigned = `${enc({ alg: 'RS256' })}.${enc(claims)}`;
  const signature = createSign('RSA-SHA256').update(unsigned).sign(privateKeyPem).toString('base64url');
  return `${unsigned}.${signature}`;
}
