// Mounts the REST API behind the gate (session, faults, allocation, Sforce-Limit-Info).

import type { Router } from 'express';
import express from 'express';
import type { Org } from '../org.ts';
import { compositeRoutes } from './composite-routes.ts';
import { queryRoutes } from './query-routes.ts';
import { callContext, restErrorHandler, restGate } from './request-context.ts';
import { sobjectRoutes } from './sobject-routes.ts';

const FIRST_LISTED_VERSION = 31;

export function restApi(org: Org): Router {
  const router = express.Router();
  router.get(['/services/data', '/services/data/'], (_req, res) => {
    const versions = [];
    for (let v = FIRST_LISTED_VERSION; v <= Number(org.latestVersion); v++) {
      versions.push({ label: `v${v}.0`, url: `/services/data/v${v}.0`, version: `${v}.0` });
    }
    res.json(versions);
  });
  router.use('/services/data', restGate(org));
  router.use('/services/data', express.json({ limit: '50mb' }));
  router.get(['/services/data/:version', '/services/data/:version/'], (req, res) => {
    const base = `/services/data/v${callContext(req).version}`;
    res.json(
      Object.fromEntries(['sobjects', 'query', 'queryAll', 'composite', 'limits'].map((r) => [r, `${base}/${r}`])),
    );
  });
  router.get('/services/data/:version/limits', (_req, res) => {
    const used = org.usage.used();
    res.json({
      DailyApiRequests: { Max: org.usage.limit, Remaining: Math.max(0, org.usage.limit - used) },
      DailyStreamingApiEvents: { Max: 10000, Remaining: 10000 },
      DailyDeliveredPlatformEvents: { Max: 10000, Remaining: 10000 },
      HourlyPublishedPlatformEvents: { Max: 100000, Remaining: 100000 },
    });
  });
  router.use(sobjectRoutes(org));
  router.use(queryRoutes(org));
  router.use(compositeRoutes(org));
  router.use('/services/data', (_req, res) => {
    res.status(404).json([{ errorCode: 'NOT_FOUND', message: 'The requested resource does not exist' }]);
  });
  router.use(restErrorHandler);
  return router;
}
