import { once } from 'node:events';
import { createServer } from 'node:net';

/**
 * A port nothing listens on right now (the OS picks it), for what must be given a port up front:
 * embedded Postgres, a child process's web server. Tests and the demo share this one.
 */
export async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}
