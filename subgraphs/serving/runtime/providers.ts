// Which ONNX Runtime execution providers this host really has, and which one a deployment gets.
// onnxruntime-node lists the EPs its binary was built with (`listSupportedBackends`), but a listed EP
// may still lack its shared libraries, driver or device (cuda and tensorrt are listed with
// bundled: false; webgpu needs a Vulkan/Metal/D3D adapter). So every listed EP other than cpu is probed
// by creating a session on a one-node model with that EP alone, in a child process by default so that
// a crashing driver or the EP's log noise cannot reach the server.
import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import * as ort from 'onnxruntime-node';
import { identityModel } from '../../../domain/models/onnx-builder.js';

export interface ProviderDiscovery {
  /** EPs a session could be created with, cpu first. */
  available: string[];
  /** Listed by the binary but unusable here, with ONNX Runtime's reason. */
  unavailable: Record<string, string>;
}

/** Normalizes EP names as they appear in the graph or in ONNX Runtime (CUDAExecutionProvider → cuda). */
export function normalizeProvider(name: string): string {
  return name
    .trim()
    .toLowerCase()
    .replace(/executionprovider$/, '');
}

const PROBE_SCRIPT = `
const ort = require(process.argv[1]);
const model = Buffer.from(process.argv[2], 'base64');
ort.InferenceSession.create(model, { executionProviders: [process.argv[3]], logSeverityLevel: 3 })
  .then((s) => s.release())
  .then(() => process.stdout.write(JSON.stringify({ ok: true })), (e) => process.stdout.write(JSON.stringify({ ok: false, reason: String(e && e.message || e) })));
`;

/** Tries one EP; resolves to null when a session could be created, else the reason. */
export async function probeProvider(
  ep: string,
  options: { isolate?: boolean; timeoutMs?: number } = {},
): Promise<string | null> {
  const model = identityModel();
  if (options.isolate === false) {
    try {
      const session = await ort.InferenceSession.create(model, { executionProviders: [ep], logSeverityLevel: 4 });
      await session.release();
      return null;
    } catch (error) {
      return firstLine((error as Error).message);
    }
  }
  const ortPath = createRequire(import.meta.url).resolve('onnxruntime-node');
  const args = ['-e', PROBE_SCRIPT, ortPath, Buffer.from(model).toString('base64'), ep];
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      args,
      { timeout: options.timeoutMs ?? 30_000, maxBuffer: 1 << 20 },
      (error, stdout, stderr) => {
        try {
          const result = JSON.parse(stdout) as { ok: boolean; reason?: string };
          if (result.ok) return resolve(null);
          const detail = libraryLoadError(String(stderr));
          resolve(firstLine(result.reason ?? 'session creation failed') + (detail ? ` (${detail})` : ''));
        } catch {
          resolve(error ? `probe process failed: ${firstLine(error.message)}` : 'probe process gave no answer');
        }
      },
    );
  });
}

/**
 * ONNX Runtime's exception for a provider library that would not load says only "Failed to load
 * shared library"; the dynamic loader's reason (say, a missing libcublasLt.so.13) is in its error log.
 */
export function libraryLoadError(log: string): string | null {
  // eslint-disable-next-line no-control-regex
  const match = /Failed to load library (\S+) with error: ([^\n\x1b]+)/.exec(log);
  if (!match) return null;
  const path = match[1] as string;
  const file = path.split('/').pop() as string;
  const reason = (match[2] as string).trim();
  if (reason.startsWith(`${path}:`) && /No such file/.test(reason))
    return `${file} is not installed; npm run gpu:providers installs it`;
  return `${file}: ${reason}`;
}

function firstLine(text: string): string {
  // ONNX Runtime prefixes some messages with the failed check's source location and expression.
  const line = (text.split('\n').find((l) => l.trim() !== '') ?? text).replace(
    /^\/onnxruntime_src\/\S+ .*? was false\. /,
    '',
  );
  return line.length > 300 ? `${line.slice(0, 300)}…` : line;
}

/** Probes every EP the binary lists (cpu is taken as given). */
export async function discoverProviders(
  options: {
    isolate?: boolean;
    listBackends?: () => { name: string }[];
    probe?: (ep: string) => Promise<string | null>;
  } = {},
): Promise<ProviderDiscovery> {
  const list = options.listBackends ?? (() => ort.listSupportedBackends());
  const listed = [...new Set(list().map((b) => normalizeProvider(b.name)))];
  const probe = options.probe ?? ((ep: string) => probeProvider(ep, { isolate: options.isolate }));
  const candidates = listed.filter((ep) => ep !== 'cpu');
  const reasons = await Promise.all(candidates.map((ep) => probe(ep)));
  const available = ['cpu'];
  const unavailable: Record<string, string> = {};
  candidates.forEach((ep, i) => {
    const reason = reasons[i];
    if (reason === null || reason === undefined) available.push(ep);
    else unavailable[ep] = reason;
  });
  return { available, unavailable };
}

let cached: Promise<ProviderDiscovery> | undefined;
/** `discoverProviders()` once per process. */
export function hostProviders(): Promise<ProviderDiscovery> {
  cached ??= discoverProviders();
  return cached;
}

export interface ProviderChoice {
  provider: string;
  /** Null when the first requested EP was chosen (or none was requested); else why it was not. */
  fallbackReason: string | null;
}

/**
 * The first of `requested` (an accelerator's EPs, in preference order) that this host has; cpu when
 * none is. The reason names every preferred EP that was skipped, with ONNX Runtime's reason when known.
 */
export function chooseProvider(
  requested: readonly string[],
  available: readonly string[] | ProviderDiscovery,
): ProviderChoice {
  const discovery: ProviderDiscovery = Array.isArray(available)
    ? { available: available.map(normalizeProvider), unavailable: {} }
    : (available as ProviderDiscovery);
  const have = new Set(discovery.available.map(normalizeProvider));
  const wanted = [...new Set(requested.map(normalizeProvider))].filter((ep) => ep !== '');
  if (wanted.length === 0) return { provider: 'cpu', fallbackReason: null };
  const index = wanted.findIndex((ep) => have.has(ep));
  if (index === 0) return { provider: wanted[0] as string, fallbackReason: null };
  const skipped = index === -1 ? wanted : wanted.slice(0, index);
  const provider = index === -1 ? 'cpu' : (wanted[index] as string);
  const why = skipped
    .map((ep) => {
      const reason = discovery.unavailable[ep];
      return reason ? `${ep} (${reason})` : ep;
    })
    .join(', ');
  const verb = skipped.length === 1 ? 'is' : 'are';
  return {
    provider,
    fallbackReason: `${why} ${verb} not available on this host (available: ${[...have].join(', ')}); using ${provider}`,
  };
}
