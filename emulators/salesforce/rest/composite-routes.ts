// sObject Collections (/composite/sobjects): at most 200 records, one transaction, per-record
// results in request order with `statusCode` errors; allOrNone rolls every record back.

import type { Request, Response, Router } from 'express';
import express from 'express';
import { z } from 'zod';
import type { Database } from '../data/database.ts';
import { restRecord } from '../data/format.ts';
import { SfError, sfError } from '../data/sf-error.ts';
import type { Transaction } from '../data/transaction.ts';
import type { Org } from '../org.ts';
import { callContext } from './request-context.ts';
import { RecordBody, selectedFields } from './sobject-routes.ts';

const LIMIT = 200;
const CollectionBody = z.object({ allOrNone: z.boolean().optional(), records: z.array(RecordBody) });
type Result = {
  id?: string;
  success: boolean;
  errors: Array<{ statusCode: string; message: string; fields: string[] }>;
};
type Op = (db: Database, tx: Transaction, input: Record<string, unknown>) => string;

const tooMany = () =>
  new SfError(400, 'EXCEEDED_ID_LIMIT', 'record limit reached. cannot submit more than 200 records into this call');
const typeOf = (input: Record<string, unknown>): string => {
  const attributes = z.object({ type: z.string() }).safeParse(input.attributes);
  if (!attributes.success) throw new SfError(400, 'INVALID_TYPE', 'No SObject Type defined in attributes');
  return attributes.data.type;
};
const idOf = (input: Record<string, unknown>): string | undefined => {
  const id = input.id ?? input.Id;
  return typeof id === 'string' ? id : undefined;
};

const create: Op = (db, tx, input) => {
  if (idOf(input)) throw new SfError(400, 'INVALID_FIELD', 'cannot specify Id in an insert call', ['Id']);
  const { attributes: _a, ...fields } = input;
  return db.insert(tx, typeOf(input), fields);
};
const update: Op = (db, tx, input) => {
  const id = idOf(input);
  if (!id) throw new SfError(400, 'MISSING_ARGUMENT', 'Id not specified in an update call', ['Id']);
  const { attributes: _a, id: _i, Id: _I, ...fields } = input;
  db.update(tx, typeOf(input), id, fields);
  return id;
};

function runCollection(
  org: Org,
  req: Request,
  inputs: Array<Record<string, unknown>>,
  allOrNone: boolean,
  op: Op,
): Result[] {
  if (inputs.length > LIMIT) throw tooMany();
  const results: Result[] = [];
  const rollback = new Error('all or none');
  try {
    org.db.transaction(callContext(req), (tx) => {
      for (const input of inputs) {
        const sp = tx.savepoint();
        try {
          results.push({ id: op(org.db, tx, input), success: true, errors: [] });
        } catch (err) {
          if (!(err instanceof SfError)) throw err;
          tx.rollbackTo(sp);
          const id = idOf(input);
          results.push({
            ...(id ? { id } : {}),
            success: false,
            errors: [{ statusCode: err.errorCode, message: err.message, fields: err.fields }],
          });
        }
      }
      if (allOrNone && results.some((r) => !r.success)) throw rollback;
    });
  } catch (err) {
    if (err !== rollback) throw err;
    return results.map((r, i) =>
      r.success
        ? {
            ...(op === create ? {} : { id: r.id }),
            success: false,
            errors: [
              {
                statusCode: 'ALL_OR_NONE_OPERATION_ROLLED_BACK',
                message:
                  'Record rolled back because not all records were valid and the request was using AllOrNone header',
                fields: [],
              },
            ],
          }
        : (results[i] ?? r),
    );
  }
  return results;
}

export function compositeRoutes(org: Org): Router {
  const router = express.Router();
  const path = '/services/data/:version/composite/sobjects';
  const body = (req: Request) => {
    const parsed = CollectionBody.safeParse(req.body);
    if (!parsed.success) throw sfError.badValue('SObjectCollection', 'body');
    return parsed.data;
  };

  router.post(path, (req: Request, res: Response) => {
    const { records, allOrNone } = body(req);
    res.json(runCollection(org, req, records, allOrNone ?? false, create));
  });
  router.patch(path, (req: Request, res: Response) => {
    const { records, allOrNone } = body(req);
    res.json(runCollection(org, req, records, allOrNone ?? false, update));
  });
  router.delete(path, (req: Request, res: Response) => {
    const ids = typeof req.query.ids === 'string' ? req.query.ids.split(',').filter(Boolean) : [];
    const inputs = ids.map((id) => ({ id }));
    const remove: Op = (db, tx, input) => {
      const id = idOf(input) ?? '';
      const row = db.store.get(id) ?? db.store.getDeleted(id);
      if (!row) throw new SfError(400, 'MALFORMED_ID', `malformed id ${id}`, ['id']);
      db.delete(tx, row.type, id);
      return id;
    };
    res.json(runCollection(org, req, inputs, req.query.allOrNone === 'true', remove));
  });

  const retrieve = (req: Request, res: Response, ids: string[], fieldsParam: unknown) => {
    if (ids.length > 2000) throw tooMany();
    const obj = org.db.object(typeof req.params.type === 'string' ? req.params.type : '');
    const fields = selectedFields(obj, fieldsParam);
    if (!fields) throw new SfError(400, 'MISSING_ARGUMENT', 'fields parameter is required', ['fields']);
    res.json(
      ids.map((id) => {
        const row = org.db.store.get(id);
        return row && row.type === obj.name ? restRecord(obj, row.rec, callContext(req).version, fields) : null;
      }),
    );
  };
  router.get(`${path}/:type`, (req, res) => {
    retrieve(req, res, typeof req.query.ids === 'string' ? req.query.ids.split(',') : [], req.query.fields);
  });
  router.post(`${path}/:type`, (req, res) => {
    const parsed = z.object({ ids: z.array(z.string()), fields: z.array(z.string()) }).safeParse(req.body);
    if (!parsed.success) throw sfError.badValue('body', 'ids/fields');
    retrieve(req, res, parsed.data.ids, parsed.data.fields.join(','));
  });
  return router;
}
