import type { UserRole } from '@prisma/client';
import express, { type Request, type RequestHandler, type Response, type Router } from 'express';
import { z } from 'zod';
import { AppError } from '../domain/errors.js';
import type { AccessPolicy, AccessTarget, Viewer } from '../modules/access/access.policy.js';
import type { AuthenticatedUser, AuthService } from '../modules/auth/auth.service.js';
import { requireUser } from './auth.middleware.js';

/** Who may call a route: anyone, any signed-in user, or signed-in users of these roles. */
export type RouteAuth = 'public' | 'signedIn' | readonly UserRole[];

type HttpMethod = 'get' | 'post' | 'put' | 'patch' | 'delete' | 'options';

const nothing = z.object({});
type Nothing = typeof nothing;

export interface RouteInput<Params, Query, Body> {
  params: Params;
  query: Query;
  body: Body;
}

export interface RouteContext<Params, Query, Body, Auth extends RouteAuth> extends RouteInput<Params, Query, Body> {
  req: Request;
  res: Response;
  /** The signed-in user (none on public routes). */
  user: Auth extends 'public' ? undefined : AuthenticatedUser;
  /** The user as the access policy sees them (their teams), looked up once per request when asked. */
  viewer: () => Promise<Viewer>;
}

export interface RawBody {
  maxBytes: number;
  /** Refuses a body announced as larger than maxBytes before reading a byte of it. */
  declaredTooLarge?: AppError;
}

/** A JSON answer with a status other than the route's usual one. */
export class Reply {
  constructor(
    readonly status: number,
    readonly body: unknown,
  ) {}
}

interface TypedRouteDefinition<
  Params extends z.ZodType,
  Query extends z.ZodType,
  Body extends z.ZodType,
  Auth extends RouteAuth,
> {
  method: HttpMethod;
  /** Express path under /api. */
  path: string;
  auth: Auth;
  params?: Params;
  query?: Query;
  body?: Body;
  /** The route reads the raw bytes (a file) instead of JSON. */
  rawBody?: RawBody;
  /** What a success answers, for the API document (not checked at run time). */
  output?: z.ZodType;
  /** Status of a success; 200 with a body, 204 without. */
  status?: number;
  /** Middleware that runs before authentication (CORS for pages on other sites). */
  before?: RequestHandler[];
  /** What the input names that the caller must be allowed to see (the access policy checks, 404 otherwise). */
  access?: (input: RouteInput<z.infer<Params>, z.infer<Query>, z.infer<Body>>) => AccessTarget[];
  /** Returns the JSON body (or a Reply), or undefined after writing the response itself. */
  handle: (context: RouteContext<z.infer<Params>, z.infer<Query>, z.infer<Body>, Auth>) => Promise<unknown>;
}

/** A route as tables hold it: the schemas stay inspectable (API document, access and fuzz tests). */
export interface RouteDefinition {
  method: HttpMethod;
  path: string;
  auth: RouteAuth;
  params?: z.ZodType;
  query?: z.ZodType;
  body?: z.ZodType;
  rawBody?: RawBody;
  output?: z.ZodType;
  status?: number;
  before?: RequestHandler[];
  access?: (input: RouteInput<unknown, unknown, unknown>) => AccessTarget[];
  handle: (context: RouteContext<unknown, unknown, unknown, RouteAuth>) => Promise<unknown>;
}

/** Declares a route once: who may call it, what it takes, what it may touch, what it does. */
export function defineRoute<
  Params extends z.ZodType = Nothing,
  Query extends z.ZodType = Nothing,
  Body extends z.ZodType = Nothing,
  Auth extends RouteAuth = RouteAuth,
>(definition: TypedRouteDefinition<Params, Query, Body, Auth>): RouteDefinition {
  return definition as unknown as RouteDefinition;
}

export interface MountDependencies {
  auth: AuthService;
  access: AccessPolicy;
}

/** Mounts route tables on an Express router, each route behind its own role check, validation and access check. */
export function mountRoutes(router: Router, routes: RouteDefinition[], deps: MountDependencies): void {
  for (const route of routes) {
    const guards = route.auth === 'public' ? [] : [requireUser(deps.auth, ...(route.auth === 'signedIn' ? [] : route.auth))];
    const rawBody = route.rawBody ? rawBodyParsers(route.rawBody) : [];
    router[route.method](route.path, ...(route.before ?? []), ...guards, ...rawBody, async (req: Request, res: Response) => {
      const user = res.locals.user as AuthenticatedUser | undefined;
      const input = {
        params: (route.params ?? nothing).parse(req.params),
        query: (route.query ?? nothing).parse(req.query),
        body: route.body ? route.body.parse(req.body) : route.rawBody ? req.body : undefined,
      };
      let viewer: Promise<Viewer> | undefined;
      const viewerOf = () => {
        if (!user) throw new AppError('unauthenticated', 'Log in first.');
        viewer ??= deps.access.viewerOf(user);
        return viewer;
      };
      if (route.access) await deps.access.assertCanSee(await viewerOf(), route.access(input));
      const result = await route.handle({ ...input, req, res, user, viewer: viewerOf });
      if (res.headersSent) return;
      if (result instanceof Reply) res.status(result.status).json(result.body);
      else if (result === undefined) res.status(route.status ?? 204).end();
      else res.status(route.status ?? 200).json(result);
    });
  }
}

function rawBodyParsers({ maxBytes, declaredTooLarge }: RawBody): RequestHandler[] {
  const refuseDeclared: RequestHandler = (req, _res, next) => {
    if (declaredTooLarge && Number(req.headers['content-length'] ?? 0) > maxBytes) throw declaredTooLarge;
    next();
  };
  return [refuseDeclared, express.raw({ type: () => true, limit: maxBytes })];
}
