// /sobjects: describe, create (including platform event publish), retrieve, update, delete.

import type { Request, Response, Router } from 'express';
import express from 'express';
import { z } from 'zod';
import { restRecord } from '../data/format.ts';
import { normalizeId } from '../data/ids.ts';
import { sfError } from '../data/sf-error.ts';
import type { Org } from '../org.ts';
import type { FieldDef, ObjectDef } from '../schema/types.ts';
import { fieldDef } from '../schema/types.ts';
import { describe, describeGlobal, describeSummary } from './describe.ts';
import { callContext } from './request-context.ts';

export const RecordBody = z.record(z.string(), z.unknown());

function param(req: Request, name: string): string {
  const value = req.params[name];
  return typeof value === 'string' ? value : '';
}

/** Fields named in ?fields=a,b (validated), or every field. */
export function selectedFields(obj: ObjectDef, raw: unknown): FieldDef[] | undefined {
  if (typeof raw !== 'string' || raw === '') return undefined;
  return raw.split(',').map((name) => {
    const fd = fieldDef(obj, name.trim());
    if (!fd) throw sfError.noSuchColumn(name.trim(), obj.name);
    return fd;
  });
}

export function sobjectRoutes(org: Org): Router {
  const router = express.Router();
  const base = '/services/data/:version/sobjects';
  const { db } = org;

  router.get(base, (req, res) => {
    res.json(describeGlobal(db.schema, callContext(req).version));
  });
  router.get(`${base}/:type/describe`, (req, res) => {
    res.json(describe(db.object(param(req, 'type')), callContext(req).version));
  });
  router.get(`${base}/:type`, (req, res) => {
    res.json({
      objectDescribe: describeSummary(db.object(param(req, 'type')), callContext(req).version),
      recentItems: [],
    });
  });

  router.post(`${base}/:type`, (req: Request, res: Response) => {
    const call = callContext(req);
    const body = RecordBody.safeParse(req.body);
    if (!body.success) throw sfError.badValue('SObject', 'non-object body');
    const obj = db.object(param(req, 'type'));
    const id = db.transaction(call, (tx) => db.insert(tx, obj.name, body.data));
    res.status(201).json({ id, success: true, errors: [] });
  });

  router.get(`${base}/:type/:id`, (req, res) => {
    const obj = db.object(param(req, 'type'));
    const row = db.store.get(param(req, 'id'));
    if (!row || row.type !== obj.name) throw sfError.notFound();
    res.json(restRecord(obj, row.rec, callContext(req).version, selectedFields(obj, req.query.fields)));
  });

  router.patch(`${base}/:type/:id`, (req, res) => {
    const body = RecordBody.safeParse(req.body);
    if (!body.success) throw sfError.badValue('SObject', 'non-object body');
    const id = param(req, 'id');
    if (!normalizeId(id)) throw sfError.notFound();
    db.transaction(callContext(req), (tx) => db.update(tx, param(req, 'type'), id, body.data));
    res.status(204).end();
  });

  router.delete(`${base}/:type/:id`, (req, res) => {
    db.transaction(callContext(req), (tx) => db.delete(tx, param(req, 'type'), param(req, 'id')));
    res.status(204).end();
  });

  return router;
}
