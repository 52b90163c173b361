/**
 * The world of one browser test file: a seeded database for a day, the web app on a loopback port (talking to the dev
 * server's task queue, or to no Temporal at all), and one headless chromium. `useBrowserWorld` registers the
 * beforeAll/afterAll that build and tear it down; read its fields inside the tests (they are set by then).
 */
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Knex } from 'knex';
import type { Browser } from 'playwright-core';
import { createApp } from '../../web/app';
import { createServices } from '../../web/services';
import { createTempDb } from '../support/temp-db';
import { attachTestEnv } from './temporal-env';
import { BrowserDay, CHROMIUM } from './ui-day';

type ServiceOptions = Omit<Parameters<typeof createServices>[0], 'db' | 'temporal' | 'config'>;

export interface BrowserWorld {
  /** The dev server (only when the world has a task queue). */
  env: TestWorkflowEnvironment;
  db: Knex;
  browser: Browser;
  day: BrowserDay;
  /** http://127.0.0.1:<port> */
  base: string;
}

export function useBrowserWorld(opts: {
  today: string;
  /** The task queue the web's Updates and starts go to; null: the web alone, no Temporal. */
  taskQueue: string | null;
  /** Extra fixtures on the seeded database, and service options (a card reader, a clock), before the app starts. */
  prepare?: (db: Knex) => Promise<ServiceOptions | void>;
}): BrowserWorld {
  const world = {} as BrowserWorld;
  let server: Server | undefined;
  let cleanup: (() => Promise<void>) | undefined;
  beforeAll(async () => {
    const temp = await createTempDb({ seed: true, today: opts.today });
    ({ db: world.db, cleanup } = temp);
    const extra = (await opts.prepare?.(world.db)) ?? {};
    if (opts.taskQueue) world.env = await attachTestEnv();
    const services = createServices({
      db: world.db,
      temporal: opts.taskQueue
        ? { client: world.env.client, taskQueue: opts.taskQueue, close: async () => undefined }
        : null,
      config: { temporalNamespace: 'default', temporalUiUrl: 'http://localhost:8233' },
      ...extra,
    });
    const app = createApp(services, { sessionSecret: 'x'.repeat(32), production: true });
    server = await new Promise<Server>((resolve) => {
      const s = app.listen(0, '127.0.0.1', () => resolve(s));
    });
    const { chromium } = await import('playwright-core');
    world.browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
    });
    world.base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    world.day = new BrowserDay(world.browser, world.base);
  });
  afterAll(async () => {
    await world.browser?.close();
    await new Promise((resolve) => server?.close(resolve));
    await cleanup?.();
  });
  return world;
}
