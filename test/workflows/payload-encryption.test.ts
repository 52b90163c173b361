/** What Temporal stores of a case is encrypted (lib/payload-codec.ts): no name, number or note in its history. */
import { Client } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Knex } from 'knex';
import { EncryptionCodec } from '../../lib/payload-codec';
import { loadConfig } from '../../config';
import { certificationWorkflow } from '../../workflows';
import { certificationWorkflowId } from '../../workflows/certification/messages';
import { completeDocuments, newApplication, today, withWorker } from './certification-support';
import { useServerAndSeededDb } from './temporal-env';

const taskQueue = `codec-${Date.now()}`;
let env: TestWorkflowEnvironment;
let db: Knex;
useServerAndSeededDb((opened) => ({ env, db } = opened));

test('a case history holds no personal data in plain text, and the codec reads it back', async () => {
  const input = newApplication('codec');
  const workflowId = certificationWorkflowId(input.insurerNo, input.applicationNo);
  await withWorker(env, db, taskQueue, async () => {
    const handle = await env.client.workflow.start(certificationWorkflow, { workflowId, taskQueue, args: [input] });
    await completeDocuments(handle, today());
  });
  // A client without the codec sees what Temporal's database and Web UI hold.
  const raw = new Client({ connection: env.connection, namespace: env.namespace ?? 'default' });
  const history = await raw.workflow.getHandle(workflowId).fetchHistory();
  const stored = Buffer.from(JSON.stringify(history)).toString('latin1');
  const started = history.events![0].workflowExecutionStartedEventAttributes!;
  const payload = started.input!.payloads![0];
  expect(Buffer.from(payload.metadata!.encoding!).toString()).toBe('binary/encrypted');
  for (const secret of [input.insuredNo, input.doctor.name, input.applicant.name, '歩行時にふらつきあり']) {
    expect(stored).not.toContain(Buffer.from(secret).toString('latin1'));
    expect(stored).not.toContain(Buffer.from(secret).toString('base64'));
  }
  const [decoded] = await new EncryptionCodec(loadConfig({}).payloadKeys).decode([payload as never]);
  expect(JSON.parse(Buffer.from(decoded.data!).toString())).toMatchObject({ insuredNo: input.insuredNo });
  await env.client.workflow.getHandle(workflowId).terminate('test done');
});
