import {
  type CommercetoolsEmulator,
  type CommercetoolsEmulatorOptions,
  DEMO_CLIENT,
  startCommercetoolsEmulator,
} from '../../../emulators/commercetools/index.ts';

/** A commercetools emulator on port 0 with a demo-client token, and a small JSON client for raw HTTP. */

export interface Answer {
  status: number;
  json: unknown;
  text: string;
}

export interface TestCt {
  emu: CommercetoolsEmulator;
  url: string;
  token: string;
  /** `path` is relative to the project (`/orders`); absolute when it starts with `//` (`//oauth/token`). */
  api(method: string, path: string, body?: unknown, token?: string | null): Promise<Answer>;
  close(): Promise<void>;
}

export async function answer(res: Response): Promise<Answer> {
  const text = await res.text();
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  return { status: res.status, json, text };
}

export async function tokenRequest(
  url: string,
  credentials: { id: string; secret: string },
  form: Record<string, string>,
): Promise<Answer> {
  const res = await fetch(`${url}/oauth/token`, {
    method: 'POST',
    headers: {
      authorization: `Basic ${Buffer.from(`${credentials.id}:${credentials.secret}`).toString('base64')}`,
      'content-type': 'application/x-www-form-urlencoded',
    },
    body: new URLSearchParams(form).toString(),
  });
  return answer(res);
}

export async function startCt(options: CommercetoolsEmulatorOptions = {}): Promise<TestCt> {
  const emu = await startCommercetoolsEmulator({ port: 0, ...options });
  const got = await tokenRequest(emu.url, DEMO_CLIENT, { grant_type: 'client_credentials' });
  const token = (got.json as { access_token: string }).access_token;
  const api = async (method: string, path: string, body?: unknown, as: string | null = token): Promise<Answer> => {
    const url = path.startsWith('//') ? `${emu.url}${path.slice(1)}` : `${emu.url}/${emu.projectKey}${path}`;
    const res = await fetch(url, {
      method,
      headers: {
        ...(as === null ? {} : { authorization: `Bearer ${as}` }),
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return answer(res);
  };
  return { emu, url: emu.url, token, api, close: () => emu.close() };
}

export const q = (predicate: string): string => encodeURIComponent(predicate);

/** Reads `path` out of a JSON value (test assertions on answers typed `unknown`). */
export function at(value: unknown, ...path: Array<string | number>): unknown {
  let v = value;
  for (const p of path) {
    if (typeof v !== 'object' || v === null) return undefined;
    v = (v as Record<string | number, unknown>)[p];
  }
  return v;
}
