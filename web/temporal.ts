import { Client, Connection } from '@temporalio/client';
import { dataConverterOf, type PayloadKey } from '../lib/payload-codec';

/** The web process's one Temporal connection. */
export interface TemporalGateway {
  client: Client;
  taskQueue: string;
  close(): Promise<void>;
}

export async function connectTemporal(opts: {
  address: string;
  namespace: string;
  taskQueue: string;
  payloadKeys: readonly PayloadKey[];
}): Promise<TemporalGateway> {
  const connection = await Connection.connect({ address: opts.address });
  const client = new Client({
    connection,
    namespace: opts.namespace,
    dataConverter: dataConverterOf(opts.payloadKeys),
  });
  return { client, taskQueue: opts.taskQueue, close: () => connection.close() };
}
