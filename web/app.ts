import path from 'node:path';
import express, { NextFunction, Request, Response } from 'express';
import session from 'express-session';
import { csrfSync } from 'csrf-sync';
import { multipartBody } from './multipart';
import helmet from 'helmet';
import type { Logger } from 'pino';
import { pinoHttp } from 'pino-http';
import { projectRoot, templatesDir } from '../config/paths';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from './errors';
import { createViewEngine } from './render';
import { menuFor } from './views/menu';
import { routes } from './routes';
import { healthRoutes } from './routes/health';
import { codecRoutes } from './routes/codec';
import type { Services } from './services';
import type { AppConfig } from '../config';

export interface AppOptions {
  sessionSecret: string;
  production: boolean;
  /** Secure cookies (behind HTTPS in production). */
  secureCookies?: boolean;
  /**
   * Express's `trust proxy`: false (the default) when clients reach the app directly, so X-Forwarded-For cannot put a
   * forged address in the audit log; the number of proxies in front of it otherwise.
   */
  trustProxy?: number | false;
  /** Request logging; tests leave it out. */
  logger?: Logger;
}

/**
 * The options the web process takes from its configuration (bin/web.ts), in one tested place: the probe found the
 * process passing none, so the session cookie was never Secure.
 */
export function appOptionsOf(
  config: Pick<AppConfig, 'sessionSecret' | 'env' | 'sessionCookieSecure' | 'trustProxy'>,
  logger?: Logger,
): AppOptions {
  return {
    sessionSecret: config.sessionSecret,
    production: config.env === 'production',
    secureCookies: config.sessionCookieSecure,
    trustProxy: config.trustProxy,
    logger,
  };
}

/** Session lifetime: one working day. */
const SESSION_MAX_AGE_MS = 8 * 3600 * 1000;
/** A session that has not logged in lives only as long as a login form should stay open. */
const ANONYMOUS_SESSION_MAX_AGE_MS = 30 * 60 * 1000;
/** How often the session store deletes expired sessions. */
const EXPIRED_SESSION_CLEANUP_MS = 15 * 60 * 1000;

/** The express app: security, session, CSRF, views, routes, then 404 and the error handler. */
export function createApp(services: Services, opts: AppOptions): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', opts.trustProxy ?? false);
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
  // Browsers ask for /favicon.ico whatever the page says.
  app.get('/favicon.ico', (_req, res) =>
    res.type('image/svg+xml').sendFile(path.join(projectRoot, 'web', 'public', 'favicon.svg')),
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
  // The register import uploads a CSV file (100,000 persons is about 10 MB).
  app.use('/register/imports', express.raw({ type: 'multipart/form-data', limit: '64mb' }), multipartBody);
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
    // Pages with personal data must not stay in a shared PC's browser cache or a proxy's.
    res.set('Cache-Control', 'no-store');
    // A function, which Handlebars calls only where a page has a form: a page without one opens no session.
    let token: string | undefined;
    res.locals.csrfToken = () => {
      if (token) return token;
      if (!req.session.actor) req.session.cookie.maxAge = ANONYMOUS_SESSION_MAX_AGE_MS;
      return (token = generateToken(req));
    };
    res.locals.actor = req.session.actor;
    if (req.session.actor) res.locals.menu = menuFor(req.session.actor, req.path, services.temporalUiUrl());
    res.locals.flash = req.session.flash;
    if (req.session.flash) delete req.session.flash;
    next();
  });
  app.use(codecRoutes(services));
  app.use(csrfSynchronisedProtection);

  app.use(routes(services));

  app.use((_req, _res, next) => next(new NotFoundError()));
  app.use(errorHandler(opts.production));
  return app;
}

/** body-parser's refusals (too large, malformed JSON, bad charset) speak English; the user gets Japanese. */
const BODY_PARSER_MESSAGES: Record<string, string> = {
  'entity.too.large': '送信された内容が大きすぎます。入力を短くしてください',
  'entity.parse.failed': '送信された内容の形式が正しくありません',
  'parameters.too.many': '送信された項目が多すぎます',
  'charset.unsupported': '送信された文字コードには対応していません',
  'encoding.unsupported': '送信された内容の圧縮形式には対応していません',
  'request.aborted': '送信が中断されました。もう一度操作してください',
};

/** Maps typed errors to status codes; renders the error page (or JSON under /api), never a stack in production. */
export function errorHandler(production: boolean) {
  return (
    err: Error & { status?: number; code?: string; type?: string },
    req: Request,
    res: Response,
    _next: NextFunction,
  ) => {
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
    const message =
      status >= 500
        ? 'システムエラーが発生しました。時間をおいてもう一度お試しください。'
        : (BODY_PARSER_MESSAGES[err.type ?? ''] ?? err.message);
    if (req.path.startsWith('/api/') || req.path.startsWith('/codec/') || req.accepts(['html', 'json']) === 'json') {
      res.status(status).json({ error: message, ...(err instanceof ValidationError ? { details: err.errors } : {}) });
      return;
    }
    // The stack helps a developer who is logged in; an anonymous visitor never sees it, even in development.
    const stack = !production && status >= 500 && req.session?.actor ? err.stack : undefined;
    res.status(status).render('error', { title: `エラー (${status})`, status, message, stack });
  };
}
