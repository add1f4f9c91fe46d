import type { Request, RequestHandler } from 'express';
import { AppError } from '../domain/errors.js';
import { sessionIdFromCookieHeader } from './auth.middleware.js';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
/** What a browser says about where a request came from (Fetch Metadata) that we accept. */
const OWN_FETCH_SITES = new Set(['same-origin', 'none']);

export interface SameOriginOptions {
  /** Where the console is reached (PUBLIC_URL); unset: the host the request came to. */
  publicUrl?: string;
  /** Paths (below the mount point) that start a session, checked even without a cookie. */
  sessionStartPaths: string[];
  /** Paths used by other sites on purpose, without the session cookie (the website widget). */
  isCrossSitePath: (path: string) => boolean;
}

/**
 * Refuses state changes made with the session cookie from any page but our own. SameSite=Lax
 * does not stop a page of the same site (another port, a sibling subdomain), so the browser's
 * Origin and Sec-Fetch-Site are checked; clients without them (scripts, tests) are no browser
 * and cannot be made to send someone's cookie.
 */
export function refuseCrossSiteRequests(options: SameOriginOptions): RequestHandler {
  const publicOrigin = options.publicUrl ? new URL(options.publicUrl).origin : undefined;
  return (req, _res, next) => {
    if (SAFE_METHODS.has(req.method) || options.isCrossSitePath(req.path)) return next();
    const carriesSession = sessionIdFromCookieHeader(req.headers.cookie) !== undefined || options.sessionStartPaths.includes(req.path);
    if (!carriesSession) return next();
    const origin = req.get('origin');
    const fetchSite = req.get('sec-fetch-site');
    if (origin !== undefined && origin !== (publicOrigin ?? ownOrigin(req))) {
      throw new AppError('forbidden', `Changes are only accepted from the console's own pages, not from ${origin}.`);
    }
    if (fetchSite !== undefined && !OWN_FETCH_SITES.has(fetchSite)) {
      throw new AppError('forbidden', `Changes are only accepted from the console's own pages (this request was ${fetchSite}).`);
    }
    next();
  };
}

function ownOrigin(req: Request): string {
  return `${req.protocol}://${req.get('host') ?? ''}`;
}
