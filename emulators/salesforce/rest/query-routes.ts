// query / queryAll / queryMore. Results beyond one batch (2,000 rows, or fewer when
// Sforce-Query-Options: batchSize=N asks) are kept under a query locator and paged through
// nextRecordsUrl = /services/data/vXX.X/query/<locator>-<offset>.

import type { Request, Response, Router } from 'express';
import express from 'express';
import type { JsonRecord } from '../data/format.ts';
import { SfError, sfError } from '../data/sf-error.ts';
import type { Org } from '../org.ts';
import { executeSoql } from '../soql/executor.ts';
import { callContext } from './request-context.ts';

type Cursor = { records: JsonRecord[]; totalSize: number; batch: number; lastUsed: number };
const CURSOR_IDLE_MS = 15 * 60_000;

export function queryRoutes(org: Org): Router {
  const router = express.Router();
  const cursors = new Map<string, Cursor>();

  const page = (res: Response, version: string, resource: string, locator: string, cursor: Cursor, offset: number) => {
    cursor.lastUsed = org.clock.now();
    const end = offset + cursor.batch;
    const done = end >= cursor.records.length;
    if (done) cursors.delete(locator);
    res.json({
      totalSize: cursor.totalSize,
      done,
      ...(done ? {} : { nextRecordsUrl: `/services/data/v${version}/${resource}/${locator}-${end}` }),
      records: cursor.records.slice(offset, end),
    });
  };

  const run = (resource: 'query' | 'queryAll') => (req: Request, res: Response) => {
    const { version } = callContext(req);
    const q = req.query.q;
    if (typeof q !== 'string' || q.trim() === '') throw sfError.malformedQuery('A query string must be provided.');
    const result = executeSoql(org.db, q, { version, includeDeleted: resource === 'queryAll' });
    const asked = /batchSize=(\d+)/.exec(req.header('sforce-query-options') ?? '')?.[1];
    const batch = asked ? Math.min(Math.max(Number(asked), 200), org.queryBatchSize) : org.queryBatchSize;
    const cursor = { records: result.records, totalSize: result.totalSize, batch, lastUsed: org.clock.now() };
    const locator = org.db.ids.next('01g');
    if (result.records.length > batch) cursors.set(locator, cursor);
    page(res, version, resource, locator, cursor, 0);
  };

  const more = (resource: 'query' | 'queryAll') => (req: Request, res: Response) => {
    const raw = typeof req.params.locator === 'string' ? req.params.locator : '';
    const dash = raw.lastIndexOf('-');
    const locator = dash > 0 ? raw.slice(0, dash) : raw;
    const offset = dash > 0 ? Number(raw.slice(dash + 1)) : 0;
    const cursor = cursors.get(locator);
    if (!cursor || org.clock.now() - cursor.lastUsed > CURSOR_IDLE_MS || !Number.isInteger(offset)) {
      cursors.delete(locator);
      throw new SfError(400, 'INVALID_QUERY_LOCATOR', 'invalid query locator');
    }
    page(res, callContext(req).version, resource, locator, cursor, offset);
  };

  router.get('/services/data/:version/query', run('query'));
  router.get('/services/data/:version/queryAll', run('queryAll'));
  router.get('/services/data/:version/query/:locator', more('query'));
  router.get('/services/data/:version/queryAll/:locator', more('queryAll'));
  return router;
}
