import type { Writable } from 'node:stream';
import winston from 'winston';
import { redact } from './redact.ts';

/**
 * A small logging interface in front of winston. Call sites get only these methods (not winston's
 * index-signature Logger, where typos compile), JSON output, and redaction applied to every entry.
 */
export interface Logger {
  error(message: string, meta?: Record<string, unknown>): void;
  warn(message: string, meta?: Record<string, unknown>): void;
  info(message: string, meta?: Record<string, unknown>): void;
  debug(message: string, meta?: Record<string, unknown>): void;
  /** A logger that adds `bindings` (jobId, correlationId, tenant …) to every entry. */
  child(bindings: Record<string, unknown>): Logger;
}

export type LogLevel = 'error' | 'warn' | 'info' | 'debug';

export interface LoggerOptions {
  level?: LogLevel;
  service?: string;
  /** Where JSON lines go; stdout by default (Heroku's log router reads it). */
  stream?: Writable;
  /** Drop all output (tests that only care about behaviour). */
  silent?: boolean;
}

// Winston keeps its own bookkeeping under symbol keys; only the string keys are ours to rewrite.
const redactFormat = winston.format((info) => {
  const { level, ...fields } = info;
  const clean = redact(fields) as Record<string, unknown>;
  for (const [key, value] of Object.entries(clean)) info[key] = value;
  info.level = level;
  return info;
});

class WinstonLogger implements Logger {
  readonly #inner: winston.Logger;
  constructor(inner: winston.Logger) {
    this.#inner = inner;
  }
  error(message: string, meta?: Record<string, unknown>): void {
    this.#inner.error(message, meta);
  }
  warn(message: string, meta?: Record<string, unknown>): void {
    this.#inner.warn(message, meta);
  }
  info(message: string, meta?: Record<string, unknown>): void {
    this.#inner.info(message, meta);
  }
  debug(message: string, meta?: Record<string, unknown>): void {
    this.#inner.debug(message, meta);
  }
  child(bindings: Record<string, unknown>): Logger {
    return new WinstonLogger(this.#inner.child(bindings));
  }
}

export function createLogger(options: LoggerOptions = {}): Logger {
  const transport = options.stream
    ? new winston.transports.Stream({ stream: options.stream })
    : new winston.transports.Console();
  return new WinstonLogger(
    winston.createLogger({
      level: options.level ?? 'info',
      silent: options.silent ?? false,
      defaultMeta: { service: options.service ?? 'fortnox-sync' },
      format: winston.format.combine(winston.format.timestamp(), redactFormat(), winston.format.json()),
      transports: [transport],
    }),
  );
}

/** For tests and libraries that need a logger but whose output nobody reads. */
export const silentLogger: Logger = createLogger({ silent: true });
