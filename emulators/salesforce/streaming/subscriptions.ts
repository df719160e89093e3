// /meta/subscribe with the replay extension: channel must exist (CDC entity selected, event
// deployed), the replay map must name the channel, and a stored replay id must still be
// retained — otherwise the exact 400 texts Salesforce sends.
import type { JsonRecord } from '../data/format.ts';
import type { Org } from '../org.ts';
import { objectDef } from '../schema/types.ts';
import type { BayeuxMessage } from './bayeux-protocol.ts';
import { errors, failure, ReplayMap, reply } from './bayeux-protocol.ts';
import type { BayeuxClient } from './bayeux-server.ts';

export function channelExists(org: Org, channel: string): boolean {
  if (channel === '/data/ChangeEvents') return org.db.schema.cdcEntities.size > 0;
  const cdc = /^\/data\/(\w+)ChangeEvent$/.exec(channel);
  if (cdc) return org.db.schema.cdcEntities.has(cdc[1] ?? '');
  const event = /^\/event\/(\w+__e)$/.exec(channel);
  // Channel names are case-sensitive, so compare with the defined API name exactly.
  return event !== null && objectDef(org.db.schema, event[1] ?? '')?.name === event[1];
}

export function subscribe(org: Org, client: BayeuxClient, msg: BayeuxMessage): JsonRecord {
  const channel = msg.subscription;
  if (!channel || !channelExists(org, channel)) return failure(msg, errors.noSuchChannel(channel ?? ''));
  let replayId = -1;
  const rawMap = msg.ext?.replay;
  if (rawMap !== undefined) {
    const map = ReplayMap.safeParse(rawMap);
    const value = map.success ? map.data[channel] : undefined;
    if (value === undefined) return failure(msg, errors.replayMapMissing(channel, map.success ? map.data : {}));
    replayId = value;
  }
  const events = org.events.replayFrom(channel, replayId);
  if (!events) return failure(msg, errors.invalidReplayId(replayId));
  client.subscriptions.add(channel);
  client.queue.push(...events.map((event) => ({ channel, data: event.data })));
  return reply(msg, { subscription: channel, successful: true });
}
