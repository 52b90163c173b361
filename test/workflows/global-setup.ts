import { TestWorkflowEnvironment } from '@temporalio/testing';
import { Runtime, DefaultLogger } from '@temporalio/worker';
import { findTemporalCli, noCliMessage } from '../../scripts/temporal-cli';
import { ALL_SEARCH_ATTRIBUTES } from '../../workflows/search-attributes';

/** Starts ONE real Temporal dev server for the whole run; test files attach with createFromExistingServer. */
export default async function globalSetup(): Promise<void> {
  Runtime.install({ logger: new DefaultLogger('WARN') });
  // Never build the CLI from inside a test run: CI and `npm run temporal:cli` do that beforehand.
  const cli = findTemporalCli();
  if (!cli || cli.kind !== 'existing-path') throw new Error(noCliMessage());
  const env = await TestWorkflowEnvironment.createLocal({
    server: {
      executable: { type: 'existing-path', path: cli.path },
      searchAttributes: ALL_SEARCH_ATTRIBUTES,
      extraArgs: ['--sqlite-pragma', 'journal_mode=WAL', '--sqlite-pragma', 'synchronous=OFF'],
    },
  });
  process.env.KAIGO_TEST_TEMPORAL_ADDRESS = env.address;
  process.env.KAIGO_TEST_TEMPORAL_NAMESPACE = env.namespace ?? 'default';
  (globalThis as { __kaigoTemporalEnv?: TestWorkflowEnvironment }).__kaigoTemporalEnv = env;
}
