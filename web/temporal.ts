import { Client, Connection } from '@temporalio/client';

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
}): Promise<TemporalGateway> {
  const connection = await Connection.connect({ address: opts.address });
  const client = new Client({ connection, namespace: opts.namespace });
  return { client, taskQueue: opts.taskQueue, close: () => connection.close() };
}
