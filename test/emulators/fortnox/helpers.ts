import {
  type FortnoxEmulator,
  type FortnoxEmulatorOptions,
  startFortnoxEmulator,
} from '../../../emulators/fortnox/index.ts';

export interface Answer {
  status: number;
  contentType: string;
  text: string;
  json: unknown;
}

/** A started emulator plus a tiny client speaking as one tenant's access token. */
export interface TestEmulator {
  emu: FortnoxEmulator;
  token: string;
  api(method: string, path: string, body?: unknown, token?: string): Promise<Answer>;
  close(): Promise<void>;
}

export async function answerOf(res: Response): Promise<Answer> {
  const text = await res.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: res.status, contentType: res.headers.get('content-type') ?? '', text, json };
}

export async function startTestEmulator(opts: FortnoxEmulatorOptions = {}, tenantId = 1001): Promise<TestEmulator> {
  const emu = await startFortnoxEmulator({ port: 0, ...opts });
  const token = emu.mintToken({ tenantId }).access_token;
  return {
    emu,
    token,
    api: async (method, path, body, tok) =>
      answerOf(
        await fetch(emu.url + path, {
          method,
          headers: {
            Authorization: `Bearer ${tok ?? token}`,
            Accept: 'application/json',
            'Content-Type': 'application/json',
          },
          ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        }),
      ),
    close: () => emu.close(),
  };
}

/** Reads `obj.a.b` of an unknown JSON value (test assertions only). */
export function at(value: unknown, ...path: Array<string | number>): unknown {
  let v: unknown = value;
  for (const k of path) {
    if (typeof v !== 'object' || v === null) return undefined;
    v = (v as Record<string | number, unknown>)[k];
  }
  return v;
}

export function basic(id: string, secret: string): string {
  return `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`;
}

export async function tokenRequest(
  url: string,
  form: Record<string, string>,
  auth = basic('demo-client', 'demo-secret'),
  headers: Record<string, string> = {},
): Promise<Answer> {
  return answerOf(
    await fetch(`${url}/oauth-v1/token`, {
      method: 'POST',
      headers: { Authorization: auth, 'Content-Type': 'application/x-www-form-urlencoded', ...headers },
      body: new URLSearchParams(form).toString(),
    }),
  );
}
