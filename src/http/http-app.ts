import express, { type Express, type Router } from 'express';
import helmet from 'helmet';
import type { Logger } from '../infra/logger.js';
import { httpErrorHandler, notFoundHandler } from './errors.js';
import { rejectNulCharacters } from './nul-characters.js';
import { consoleRoute } from './console.route.js';
import { refuseCrossSiteRequests } from './same-origin.middleware.js';
import { widgetScriptRoute } from './widget-script.route.js';

export interface HttpAppOptions {
  logger: Logger;
  health: Router;
  api: Router;
  /** Behind a reverse proxy, so req.ip is the client's address. */
  trustProxy: boolean;
  /** The built website widget, served at /widget.js. */
  widgetScriptFile: string;
  /** The built agent console, served at /. */
  consoleDir: string;
  /** Where people open the console (PUBLIC_URL), the only origin allowed to change things. */
  publicUrl?: string;
}

export function createHttpApp(options: HttpAppOptions): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', options.trustProxy);
  app.use(
    helmet({
      contentSecurityPolicy: {
        directives: {
          // E-mails shown in the console may load remote images, but only once the agent asks for them
          // (the server strips them otherwise); scripts stay 'self' only.
          'img-src': ["'self'", 'data:', 'blob:', 'https:', 'http:'],
          'media-src': ["'self'", 'blob:'],
        },
      },
    }),
  );
  app.use(express.json({ limit: '256kb' }));
  app.use(rejectNulCharacters);
  app.use(options.health);
  app.use(widgetScriptRoute(options.widgetScriptFile));
  app.use(consoleRoute(options.consoleDir));
  app.use(
    '/api',
    refuseCrossSiteRequests({
      publicUrl: options.publicUrl,
      sessionStartPaths: ['/auth/login', '/auth/invitations/accept'],
      // The widget's public routes run on customers' sites with a visitor token, never the cookie.
      isCrossSitePath: (path) => path.startsWith('/widget/'),
    }),
    options.api,
  );
  app.use(notFoundHandler);
  app.use(httpErrorHandler(options.logger));
  return app;
}
