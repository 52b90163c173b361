/** Bundles the workflow code once at build time (the worker then loads the file instead of running webpack). */
import fs from 'node:fs';
import { bundleWorkflowCode } from '@temporalio/worker';
import { bundlerOptions, prebuiltBundlePath, workflowsPath } from '../lib/workflow-bundle';

async function main(): Promise<void> {
  const silent = () => undefined;
  const { code } = await bundleWorkflowCode({
    workflowsPath,
    ...bundlerOptions,
    logger: {
      log: silent,
      trace: silent,
      debug: silent,
      info: silent,
      warn: (m) => console.warn(m),
      error: (m) => console.error(m),
    },
  });
  fs.writeFileSync(prebuiltBundlePath, code);
  console.log(`workflow bundle: ${prebuiltBundlePath} (${Math.round(code.length / 1024)} KB)`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
