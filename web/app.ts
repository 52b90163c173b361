import path from 'node:path';
import express, { NextFunction, Request, Response } from 'express';
import session from 'express-session';
import { csrfSync } from 'csrf-sync';
import helmet from 'helmet';
import type { Logger } from 'pino';
import { pinoHttp } from 'pino-http';
import { projectRoot, templatesDir } from '../config/paths';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from './errors';
import { createViewEngine } from './render';
import { routes } from './routes';
import { healthRoutes } from './routes/health';
import type { Services } from './services';

export interface AppOptions {
  sessionSecret: string;
  production: boolean;
  /** Secure cookies (behind HTTPS in production). */
  secureCookies?: boolean;
  /** Request logging; tests leave it out. */
  logger?: Logger;
}

/** Session lifetime: one working day. */
const SESSION_MAX_AGE_MS = 8 * 3600 * 1000;
/** How often the session store deletes expired sessions. */
const EXPIRED_SESSION_CLEANUP_MS = 15 * 60 * 1000;

/** The express app: security, session, CSRF, views, routes, then 404 and the error handler. */
export function createApp(services: Services, opts: AppOptions): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', 1);
  app.engine('hbs', createViewEngine({ cache: opts.production }));
  app.set('view engine', 'hbs');
  app.set('views', path.join(templatesDir, 'pages'));

  if (opts.logger)
    app.use(
      pinoHttp({ logger: opts.logger, autoLogging: { ignore: (req) => req.url?.startsWith('/assets') ?? false } }),
    );
  app.use(
    helmet({
      contentSecurityPolicy: {
        directives: {
          'script-src': ["'self'"],
          'style-src': ["'self'"],
          'img-src': ["'self'", 'data:'],
          'upgrade-insecure-requests': null,
        },
      },
    }),
  );
  app.use('/assets', express.static(path.join(projectRoot, 'web', 'public'), { maxAge: opts.production ? '1d' : 0 }));
  app.use(
    '/assets/dads',
    express.static(path.join(projectRoot, 'node_modules', '@digital-go-jp', 'design-tokens', 'dist')),
  );
  // Before the session: a monitor probing every few seconds must not leave a session row behind each time.
  app.use(healthRoutes(services));
  app.use(express.urlencoded({ extended: true, limit: '200kb' }));
  app.use(express.json({ limit: '200kb' }));
  app.use(
    session({
      name: 'kaigo.sid',
      secret: opts.sessionSecret,
      resave: false,
      saveUninitialized: false,
      // Every visit to the login page opens a session (its form's CSRF token), so expired ones are deleted regularly.
      store: services.sessionStore(EXPIRED_SESSION_CLEANUP_MS),
      cookie: { httpOnly: true, sameSite: 'lax', secure: opts.secureCookies ?? false, maxAge: SESSION_MAX_AGE_MS },
    }),
  );

  const { csrfSynchronisedProtection, generateToken } = csrfSync({
    getTokenFromRequest: (req) =>
      (req.body?._csrf as string | undefined) ?? (req.headers['x-csrf-token'] as string | undefined),
    errorConfig: { statusCode: 403, message: '画面の有効期限が切れました。もう一度操作してください（CSRF）' },
  });
  app.use((req, res, next) => {
    res.locals.csrfToken = generateToken(req);
    res.locals.actor = req.session.actor;
    res.locals.flash = req.session.flash;
    if (req.session.flash) delete req.session.flash;
    next();
  });
  app.use(csrfSynchronisedProtection);

  app.use(routes(services));

  app.use((_req, _res, next) => next(new NotFoundError()));
  app.use(errorHandler(opts.production));
  return app;
}

/** Maps typed errors to status codes; renders the error page (or JSON under /api), never a stack in production. */
export function errorHandler(production: boolean) {
  return (err: Error & { status?: number; code?: string }, req: Request, res: Response, _next: NextFunction) => {
    const status =
      err instanceof ValidationError
        ? 400
        : err instanceof ForbiddenError || err.code === 'EBADCSRFTOKEN' || err.status === 403
          ? 403
          : err instanceof NotFoundError
            ? 404
            : err instanceof ConflictError
              ? 409
              : (err.status ?? 500);
    if (status >= 500) (req.log ?? console).error({ err }, 'request failed');
    const message = status >= 500 ? 'システムエラーが発生しました。時間をおいてもう一度お試しください。' : err.message;
    if (req.path.startsWith('/api/') || req.accepts(['html', 'json']) === 'json') {
      res.status(status).json({ error: message, ...(err instanceof ValidationError ? { details: err.errors } : {}) });
      return;
    }
    res
      .status(status)
      .render('error', { title: `エラー (${status})`, status, message, stack: production ? undefined : err.stack });
  };
}
