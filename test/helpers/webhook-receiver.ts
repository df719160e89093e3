import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readBody } from '../../emulators/kit/index.ts';

/**
 * A webhook receiver for emulator tests: keeps each delivery's raw body and headers, answers with
 * the next of `statuses` (then 200), and lets a test await the n-th delivery instead of sleeping.
 */
export interface Delivery {
  body: string;
  headers: IncomingHttpHeaders;
}

export async function receiver(statuses: number[] = []) {
  const seen: Delivery[] = [];
  const waiters: { n: number; resolve: () => void }[] = [];
  const server = createServer(async (req, res) => {
    seen.push({ body: await readBody(req), headers: req.headers });
    res.statusCode = statuses.shift() ?? 200;
    res.end();
    for (const w of waiters.filter((x) => seen.length >= x.n)) w.resolve();
  });
  server.listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`;
  return {
    url,
    seen,
    /** Resolves once `n` requests have arrived. */
    count: (n: number): Promise<void> =>
      seen.length >= n ? Promise.resolve() : new Promise((resolve) => waiters.push({ n, resolve })),
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}
export type Receiver = Awaited<ReturnType<typeof receiver>>;
