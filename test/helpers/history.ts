// Reads a `temporal workflow show -o json` history for Worker.runReplayHistory.
import { createRequire } from 'node:module';
import proto from '@temporalio/proto';
import { patchProtobufRoot } from '@temporalio/proto/lib/patch-protobuf-root.js';

/**
 * Parses the history with the protobufjs copy that @temporalio/proto itself loads. The SDK's
 * historyFromJSON uses @temporalio/common's own nested copy, and with two copies installed (the
 * hoisted one is OpenTelemetry's v7) its type check rejects the proto types.
 */
export function historyFromCliJson(json: unknown): proto.temporal.api.history.v1.IHistory {
  const fromProto = createRequire(createRequire(import.meta.url).resolve('@temporalio/proto'));
  const { fromJson } = fromProto('protobufjs/ext/protojson') as {
    fromJson: (type: unknown, json: unknown, options: object) => proto.temporal.api.history.v1.IHistory;
  };
  const historyType = (patchProtobufRoot(proto) as unknown as { lookupType(name: string): unknown }).lookupType(
    'temporal.api.history.v1.History',
  );
  return fromJson(historyType, json, { ignoreUnknownFields: true });
}
