import { once } from 'node:events';
import { createServer, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * Every emulator starts the same way: one HTTP server on a port (0 picks a free one, which is how
 * tests run them in-process side by side), resolving its base URL and a `close()` that also ends
 * requests a `hang` fault left open. The emulator's own handle extends this.
 */
export interface EmulatorServer {
  /** Base URL, e.g. `http://127.0.0.1:8093`. */
  url: string;
  port: number;
  server: Server;
  close(): Promise<void>;
}

export interface ServeOptions {
  port?: number;
  host?: string;
  /** The express app (or any request listener). */
  app: RequestListener;
  /** Runs once the server exists but before it listens: attach WebSocket upgrades here. */
  beforeListen?: (server: Server) => void;
  /** Runs first on close (stop timers, WebSocket servers, webhook deliveries). */
  beforeClose?: () => void | Promise<void>;
}

export async function serveEmulator(options: ServeOptions): Promise<EmulatorServer> {
  const host = options.host ?? '127.0.0.1';
  const server = createServer(options.app);
  options.beforeListen?.(server);
  server.listen(options.port ?? 0, host);
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  let closing: Promise<void> | undefined;
  return {
    url: `http://${host}:${port}`,
    port,
    server,
    close: () => {
      closing ??= (async () => {
        await options.beforeClose?.();
        await new Promise<void>((resolve) => {
          server.closeAllConnections();
          server.close(() => resolve());
        });
      })();
      return closing;
    },
  };
}

/**
 * `npm run emulator:<system>`: start on the port from the environment (or the default), print one
 * JSON line with the addresses a person needs, and stop cleanly on Ctrl-C or SIGTERM.
 */
export async function runEmulatorCli<T extends { url: string; close(): Promise<void> }>(
  name: string,
  start: (port: number, host: string) => Promise<T>,
  describe: (emulator: T) => Record<string, unknown> = () => ({}),
  defaults: { portVariable: string; port: number; hostVariable?: string },
): Promise<T> {
  const port = Number(process.env[defaults.portVariable] ?? defaults.port);
  const host =
    process.env[defaults.hostVariable ?? `${defaults.portVariable.replace(/_PORT$/, '')}_HOST`] ?? '127.0.0.1';
  const emulator = await start(port, host);
  process.stdout.write(
    `${JSON.stringify({ msg: `${name} emulator listening`, url: emulator.url, ...describe(emulator) })}\n`,
  );
  const stop = (): void => {
    void emulator.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  return emulator;
}
