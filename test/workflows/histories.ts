/** Committed workflow histories: recorded from real runs on the dev server, replayed by workflow-replay.test.ts. */
import fs from 'node:fs';
import path from 'node:path';
import type { WorkflowHandle } from '@temporalio/client';
import * as proto from '@temporalio/proto';
import { patchProtobufRoot } from '@temporalio/proto/lib/patch-protobuf-root';

/** Where the committed histories live; the replay test replays every file here with the workflow that made it. */
export const HISTORY_DIR = path.join(__dirname, 'histories');

/**
 * Commits the history of a finished test run as a replay fixture: written when missing, or rewritten with
 * KAIGO_RECORD_HISTORIES=1 (after a revision is raised: `KAIGO_RECORD_HISTORIES=1 npx jest --selectProjects workflows`).
 * Name it `<workflow>-<path>`, e.g. `certification-withdrawn`.
 */
export async function saveHistory(handle: WorkflowHandle, name: string): Promise<void> {
  const file = path.join(HISTORY_DIR, `${name}.json`);
  if (fs.existsSync(file) && !process.env.KAIGO_RECORD_HISTORIES) return;
  const history = await handle.fetchHistory();
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, historyToJSON(history));
}

/*
 * historyToJSON/historyFromJSON from @temporalio/common/lib/proto-utils throw "type must be a Type" with SDK 1.24.0 as
 * installed here: @temporalio/common and @temporalio/proto each get their own protobufjs 8.8.1 copy, and protojson's
 * instanceof check fails across the two. These do the same with the protobufjs copy that @temporalio/proto uses.
 */
type ProtoJson = {
  toJson(type: unknown, message: unknown): unknown;
  fromJson(type: unknown, json: unknown, opts: { ignoreUnknownFields: boolean }): unknown;
};
// eslint-disable-next-line @typescript-eslint/no-require-imports
const protojson = require(
  require.resolve('protobufjs/ext/protojson', { paths: [path.dirname(require.resolve('@temporalio/proto'))] }),
) as ProtoJson;
const historyType = (patchProtobufRoot(proto) as unknown as { lookupType(n: string): unknown }).lookupType(
  'temporal.api.history.v1.History',
);

/** History → the proto3 JSON other Temporal tools write. */
export function historyToJSON(history: proto.temporal.api.history.v1.IHistory): string {
  return JSON.stringify(
    protojson.toJson(historyType, proto.temporal.api.history.v1.History.fromObject(history)),
    null,
    2,
  );
}

/** proto3 JSON → History for Worker.runReplayHistory. */
export function historyFromJSON(json: unknown): proto.temporal.api.history.v1.History {
  return protojson.fromJson(historyType, json, { ignoreUnknownFields: true }) as proto.temporal.api.history.v1.History;
}
