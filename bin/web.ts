import { appOptionsOf, createApp } from '../web/app';
import { createServices } from '../web/services';
import { connectTemporal } from '../web/temporal';
import { EncryptionCodec } from '../lib/payload-codec';
import { loadConfig, temporalAddressOf } from '../config';
import { openDatabase } from '../db/connection';
import { createRepositories } from '../db';
import { demoCardReader } from '../web/services/registration';
import { createLogger } from '../lib/logger';
import { connectWithRetry } from '../lib/retry';

/** The web process: the back-office pages and JSON APIs on PORT. */
async function main(): Promise<void> {
  const config = loadConfig();
  const log = createLogger('web', config.logLevel);
  const db = openDatabase(config.databaseUrl);
  const address = temporalAddressOf(config);
  const temporal = await connectWithRetry(
    () =>
      connectTemporal({
        address,
        namespace: config.temporalNamespace,
        taskQueue: config.taskQueue,
        payloadKeys: config.payloadKeys,
      }),
    { what: `Temporal ${address}`, log },
  );
  const cardReader = config.demoCardReader ? demoCardReader(createRepositories(db)) : undefined;
  const services = createServices({
    db,
    temporal,
    config,
    payloadCodec: new EncryptionCodec(config.payloadKeys),
    cardReader,
  });
  const app = createApp(services, appOptionsOf(config, log));
  const server = app.listen(config.port, () => log.info({ port: config.port }, 'web started'));
  const stop = () => {
    server.close(() => {
      void temporal.close().finally(() => db.destroy());
    });
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
