import { DefaultLogger, Runtime } from '@temporalio/worker';

// Workers in tests log only warnings; the SDK's INFO lines (state changes, bundle stats) drown the test output.
try {
  Runtime.install({ logger: new DefaultLogger('WARN') });
} catch {
  // already installed in this jest worker process
}
