import { Router, type NextFunction, type Request, type Response } from 'express';
import type { Payload } from '@temporalio/common';
import { z } from 'zod';
import { ValidationError } from '../errors';
import { actorOf, requireAction } from '../middleware/auth';
import type { Services } from '../services';

/** Temporal's remote codec protocol: payloads with base64 metadata values and data. */
const body = z.object({
  payloads: z
    .array(z.object({ metadata: z.record(z.string(), z.string()).optional(), data: z.string().optional() }))
    .max(1000),
});

const b64 = (s: string | undefined) => (s == null ? undefined : Uint8Array.from(Buffer.from(s, 'base64')));
const str = (u: Uint8Array | null | undefined) => (u ? Buffer.from(u).toString('base64') : undefined);

/**
 * The codec endpoint for the Temporal Web UI ("Data Encoder" → this URL, with cross-origin credentials): it decrypts
 * history payloads for a logged-in user whose role may read raw histories, and for no one else; each use is audited.
 * Before the CSRF check (the UI cannot know the token); it only reads, and only the UI's origin may read the answer.
 */
export function codecRoutes(services: Services): Router {
  const router = Router();
  const uiOrigin = new URL(services.temporalUiUrl()).origin;
  const cors = (req: Request, res: Response, next: NextFunction) => {
    if (req.headers.origin === uiOrigin) {
      res.set({
        'Access-Control-Allow-Origin': uiOrigin,
        'Access-Control-Allow-Credentials': 'true',
        'Access-Control-Allow-Methods': 'POST',
        'Access-Control-Allow-Headers': 'Content-Type, X-Namespace',
        Vary: 'Origin',
      });
    }
    if (req.method === 'OPTIONS') return void res.status(204).end();
    next();
  };
  router.options('/codec/decode', cors);
  router.post('/codec/decode', cors, requireAction('history.decode'), async (req, res, next) => {
    try {
      const codec = services.payloadCodec;
      if (!codec) return void res.status(503).json({ error: '復号の鍵が設定されていません' });
      const parsed = body.safeParse(req.body);
      if (!parsed.success) throw new ValidationError([{ field: 'payloads', message: '復号する内容の形式が不正です' }]);
      const payloads: Payload[] = parsed.data.payloads.map((p) => ({
        metadata: Object.fromEntries(Object.entries(p.metadata ?? {}).map(([k, v]) => [k, b64(v)!])),
        data: b64(p.data),
      }));
      const decoded = await codec.decode(payloads);
      await services.audit.record({
        actor: actorOf(req),
        action: 'history.decode',
        target: `namespace:${String(req.headers['x-namespace'] ?? '')}`,
        detail: { payloads: payloads.length },
        ip: req.ip,
      });
      res.json({
        payloads: decoded.map((p) => ({
          metadata: Object.fromEntries(Object.entries(p.metadata ?? {}).map(([k, v]) => [k, str(v)])),
          data: str(p.data),
        })),
      });
    } catch (err) {
      next(err);
    }
  });
  return router;
}
