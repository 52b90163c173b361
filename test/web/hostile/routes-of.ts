/** Every route of the express app, read from its routers (Express 5 / router 2), so tests follow the routers. */
import type express from 'express';

/** One route: method and full path pattern (`/cases/:workflowId`). */
export interface RouteOf {
  method: string;
  path: string;
}

interface Layer {
  rawPath?: string | string[];
  route?: { path: string; methods: Record<string, boolean> };
  handle: { stack?: Layer[] };
}

function walk(stack: Layer[], prefix: string, out: RouteOf[]): void {
  for (const layer of stack) {
    if (layer.route) {
      for (const [m, on] of Object.entries(layer.route.methods))
        if (on && m !== '_all') out.push({ method: m.toUpperCase(), path: join(prefix, layer.route.path) });
    } else if (layer.handle.stack) {
      const mount = typeof layer.rawPath === 'string' && layer.rawPath !== '/' ? layer.rawPath : '';
      walk(layer.handle.stack, join(prefix, mount), out);
    }
  }
}

const join = (a: string, b: string) => (a + b).replace(/\/{2,}/g, '/').replace(/(.)\/$/, '$1') || '/';

/** The app's routes in mount order, `OPTIONS` left out (CORS preflights), each method+path once. */
export function routesOf(app: express.Express): RouteOf[] {
  const out: RouteOf[] = [];
  walk((app as unknown as { router: { stack: Layer[] } }).router.stack, '', out);
  const seen = new Set<string>();
  return out.filter((r) => {
    const key = `${r.method} ${r.path}`;
    if (r.method === 'OPTIONS' || seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** `GET /cases/:workflowId` */
export const keyOf = (r: RouteOf) => `${r.method} ${r.path}`;
