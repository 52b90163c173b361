/**
 * How the workflow code is bundled, the same for the worker, the benchmark and the tests.
 *
 * The SDK evaluates every module of the bundle again for each workflow it creates (so module state cannot leak between
 * workflows). Pure modules with no state gain nothing from that and cost CPU and memory for every case in the sticky
 * cache: @holiday-jp/holiday_jp alone is a 230 KB object literal of holidays. These are loaded once into the shared
 * V8 context instead (`bundlerOptions.preloadModules`; the SDK deep-freezes them). Only modules without mutable state
 * and without workflow APIs may be listed here.
 */
import fs from 'node:fs';
import path from 'node:path';

/** Directory of the workflow sources (dist/workflows when running compiled, workflows/ under ts-jest). */
export const workflowsPath: string = require.resolve('../workflows');

const domainDir = path.resolve(path.dirname(workflowsPath), '..', 'domain');

/** Pure modules loaded once per worker thread and shared by every workflow. */
export const PRELOADED_MODULES: readonly string[] = [
  '@holiday-jp/holiday_jp',
  ...[
    'dates',
    'glossary',
    'actor',
    'access',
    'certification/types',
    'certification/rules',
    'certification/deadlines',
    'certification/validity',
    'certification/intake',
    'certification/primary-judgement',
    'certification/sla',
    'certification/board',
    'people/identifiers',
    'plan-notification/checks',
    'plan-notification/actions',
  ].map((m) => path.join(domainDir, m)),
];

export const bundlerOptions = { preloadModules: [...PRELOADED_MODULES] };

/**
 * The prebuilt bundle (`npm run build` / `npm start` write it with scripts/bundle-workflows.ts): a worker that loads
 * it never runs webpack, which otherwise leaves ~120 MB of garbage in the worker's heap at every start.
 */
export const prebuiltBundlePath: string = path.resolve(path.dirname(workflowsPath), '..', 'workflow-bundle.js');

/** Worker options for the workflow code: the prebuilt bundle when there is one, else bundling at start. */
export function workflowCodeOptions():
  { workflowBundle: { codePath: string } } | { workflowsPath: string; bundlerOptions: typeof bundlerOptions } {
  return fs.existsSync(prebuiltBundlePath)
    ? { workflowBundle: { codePath: prebuiltBundlePath } }
    : { workflowsPath, bundlerOptions };
}
