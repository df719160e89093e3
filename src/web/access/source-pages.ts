import type { NextFunction, Request, Response } from 'express';
import type { Config } from '../../config.ts';
import { basicPasswordMatches, formToken, requireAdmin, sameSecret } from '../admin-auth.ts';

/**
 * For a source's own admin pages under `/sources/<system>/` (connect forms): the same sign-in and
 * form token as the console. A browser that is not signed in is sent to sign in; a signed-in
 * session's forms carry its token; Basic or open development carry the app-wide one.
 */
export function sourceAdminPages(config: Pick<Config, 'ADMIN_PASSWORD' | 'APP_SECRET'>) {
  const admin = requireAdmin(config);
  const expected = (res: Response) => res.locals.access?.csrf ?? formToken(config);
  return {
    page: (req: Request, res: Response, next: NextFunction): void => {
      const signedOut =
        res.locals.access === undefined && config.ADMIN_PASSWORD !== undefined && !basicPasswordMatches(req, config);
      if (signedOut && req.accepts(['json', 'html']) === 'html')
        return void res.redirect(303, `/signin?next=${encodeURIComponent(req.originalUrl.slice(0, 500))}`);
      admin(req, res, next);
    },
    token: expected,
    valid: (res: Response, token: unknown): boolean => typeof token === 'string' && sameSecret(token, expected(res)),
  };
}
