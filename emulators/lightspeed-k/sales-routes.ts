import type { Request, Response } from 'express';
import { z } from 'zod';
import { queryOf, sendJson } from '../kit/index.ts';
import type { ApiContext } from './api-routes.ts';
import { addDays, isCalendarDate, isoWithOffset, startOfBusinessDay } from './business-day.ts';
import { badRequest, write } from './errors.ts';
import type { Location } from './location.ts';
import { INCLUDES, type Include, viewSale } from './sale-json.ts';

/**
 * The two V2 sales reads. `sales-daily?date=` answers one business day, unpaged ("No pagination,
 * no hard cap on results"), with `nextStartOfDayAsIso8601` and `dataComplete`. `sales?from=&to=`
 * answers by `timeClosed`, sorted by it, at most 365 days, `pageSize` ≤ 100 (default 50), paged by
 * an opaque `nextPageToken`; a `to` in the future or left out means now. Both take `include=`.
 */

const OFFSET_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;
const YEAR_MS = 365 * 86_400_000;

function includes(q: URLSearchParams, honour: boolean): Set<Include> {
  if (!honour) return new Set(INCLUDES);
  const asked = (q.get('include') ?? '').split(',').map((s) => s.trim());
  // Unknown values are ignored (the spec lists the allowed ones but not what happens otherwise).
  return new Set(INCLUDES.filter((i) => asked.includes(i)));
}

export function salesDaily(ctx: ApiContext, location: Location, req: Request, res: Response): void {
  const q = queryOf(req.originalUrl);
  const date = q.get('date');
  if (date === null || date === '') {
    return write(
      res,
      badRequest("Required request parameter 'date' for method parameter type LocalDate is not present"),
    );
  }
  if (!isCalendarDate(date)) return write(res, badRequest(`Invalid date format: ${date}`));
  const state = ctx.state;
  const now = state.clock.now();
  const include = includes(q, state.opts.quirks.honourInclude);
  const tz = location.timezone;
  sendJson(res, 200, {
    sales: state.salesOn(location.blID, date).map((s) => viewSale(s.sale, include)),
    nextStartOfDayAsIso8601: isoWithOffset(startOfBusinessDay(addDays(date, 1), tz, location.startOfDay), tz),
    dataComplete: state.days.dataComplete(location, date, now),
  });
}

const PageToken = z.object({ offset: z.number().int().nonnegative(), from: z.number(), to: z.number() });
type PageToken = z.infer<typeof PageToken>;

export function salesRange(ctx: ApiContext, location: Location, req: Request, res: Response): void {
  const q = queryOf(req.originalUrl);
  const now = ctx.state.clock.now();
  const fromText = q.get('from');
  if (fromText === null || fromText === '') {
    return write(
      res,
      badRequest("Required request parameter 'from' for method parameter type OffsetDateTime is not present"),
    );
  }
  if (!OFFSET_DATE_TIME.test(fromText) || Number.isNaN(Date.parse(fromText))) {
    return write(res, badRequest(`Invalid date format: ${fromText}`));
  }
  const toText = q.get('to');
  if (toText !== null && toText !== '' && (!OFFSET_DATE_TIME.test(toText) || Number.isNaN(Date.parse(toText)))) {
    return write(res, badRequest(`Invalid date format: ${toText}`));
  }
  const from = Date.parse(fromText);
  let to = toText === null || toText === '' ? now : Math.min(Date.parse(toText), now);
  if (from > to) {
    return write(
      res,
      badRequest(
        `Invalid date range: 'from' date ${fromText} should not be after 'to' date ${toText ?? new Date(to).toISOString()}`,
      ),
    );
  }
  if (to - from > YEAR_MS)
    return write(res, badRequest("Invalid date range: the range between 'from' and 'to' cannot exceed 365 days"));
  const sizeText = q.get('pageSize');
  if (sizeText !== null && sizeText !== '' && !/^\d+$/.test(sizeText)) {
    return write(
      res,
      badRequest(
        `Failed to convert value of type 'java.lang.String' to required type 'int'; For input string: "${sizeText}"`,
      ),
    );
  }
  // The spec says maximum 100; whether a larger value is refused or capped is not documented: capped.
  const pageSize = Math.min(100, Math.max(1, Number(sizeText || 50)));
  let offset = 0;
  const tokenText = q.get('nextPageToken');
  if (tokenText) {
    const token = readToken(tokenText);
    if (!token || token.from !== from) return write(res, badRequest('Invalid nextPageToken'));
    offset = token.offset;
    to = token.to; // a later page keeps the first page's end, so the pages never overlap or skip
  }
  const include = includes(q, ctx.state.opts.quirks.honourInclude);
  const all = ctx.state.allSales(location.blID).filter((s) => {
    const t = Date.parse(s.sale.timeClosed);
    return t >= from && t <= to;
  });
  const page = all.slice(offset, offset + pageSize);
  const more = offset + pageSize < all.length;
  sendJson(res, 200, {
    sales: page.map((s) => viewSale(s.sale, include)),
    ...(more ? { nextPageToken: makeToken({ offset: offset + pageSize, from, to }) } : {}),
  });
}

function makeToken(t: PageToken): string {
  return Buffer.from(JSON.stringify(t)).toString('base64url');
}

function readToken(text: string): PageToken | undefined {
  try {
    const parsed = PageToken.safeParse(JSON.parse(Buffer.from(text, 'base64url').toString('utf8')));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}
