// Bayeux message shapes and Salesforce's exact error strings (reference §1.2–1.4).
import { z } from 'zod';
import type { JsonRecord } from '../data/format.ts';

export const BayeuxMessage = z
  .object({
    channel: z.string(),
    id: z.string().optional(),
    clientId: z.string().optional(),
    subscription: z.string().optional(),
    connectionType: z.string().optional(),
    advice: z.object({ timeout: z.number().optional() }).loose().optional(),
    ext: z.record(z.string(), z.unknown()).optional(),
  })
  .loose();
export type BayeuxMessage = z.infer<typeof BayeuxMessage>;

export const BayeuxBatch = z.union([z.array(BayeuxMessage), BayeuxMessage.transform((m) => [m])]);

export const ReplayMap = z.record(
  z.string(),
  z.union([
    z.number(),
    z
      .string()
      .regex(/^-?\d+$/)
      .transform(Number),
  ]),
);

export const errors = {
  unknownClient: '403::Unknown client',
  handshakeDenied: '403::Handshake denied',
  authInvalid: '401::Authentication invalid',
  noAuth: '401::Request requires authentication',
  invalidReplayId: (id: number) =>
    `400::The replayId {${id}} you provided was invalid. Please provide a valid ID, -2 to replay all events, or -1 to replay only new events.`,
  replayMapMissing: (channel: string, map: Record<string, number>) =>
    `400::The replayId for channel {${channel}} wasn't found using the provided replay ID map {${javaMap(map)}}. Ensure that the channel name you provided in the replay map is valid and matches the channel name used for subscribing.`,
  noSuchChannel: (channel: string) => `400::The channel you requested to subscribe to does not exist {${channel}}`,
};

/** Salesforce is Java: maps print as {key=value, key2=value2}. */
function javaMap(map: Record<string, number>): string {
  return `{${Object.entries(map)
    .map(([k, v]) => `${k}=${v}`)
    .join(', ')}}`;
}

export function reply(msg: BayeuxMessage, fields: JsonRecord): JsonRecord {
  return {
    ...(msg.clientId ? { clientId: msg.clientId } : {}),
    channel: msg.channel,
    ...(msg.id ? { id: msg.id } : {}),
    ...fields,
  };
}

export function failure(msg: BayeuxMessage, error: string, extra: JsonRecord = {}): JsonRecord {
  return reply(msg, {
    ...(msg.subscription ? { subscription: msg.subscription } : {}),
    error,
    successful: false,
    ...extra,
  });
}
