// Placement rules shared by compute (which accelerators can serve a model version) and serving (which
// execution provider a new deployment plans to use). Values reach Cypher as $parameters.

/** ONNX Runtime execution providers, most preferred first. Any of them can run an ONNX model. */
export const ONNX_EXECUTION_PROVIDERS = [
  'tensorrt',
  'cuda',
  'rocm',
  'migraphx',
  'cann',
  'qnn',
  'openvino',
  'vitisai',
  'dnnl',
  'acl',
  'armnn',
  'coreml',
  'directml',
  'nnapi',
  'rknpu',
  'xnnpack',
  'webgpu',
  'cpu',
] as const;

/** A model version needs this many times its artifact size in accelerator memory. */
export const MEMORY_FACTOR = 2;
export const BYTES_PER_MB = 1024 * 1024;

export const requiredMemoryMb = (artifactSizeBytes: number | null | undefined): number =>
  Math.ceil((MEMORY_FACTOR * Math.max(0, artifactSizeBytes ?? 0)) / BYTES_PER_MB);

/** The provider a deployment on an accelerator with these providers should use, or null when none runs ONNX. */
export function preferredExecutionProvider(providers: readonly string[]): string | null {
  return ONNX_EXECUTION_PROVIDERS.find((ep) => providers.includes(ep)) ?? null;
}

/**
 * Cypher over an accelerator bound to `alias` and a model version bound to `mv`: true when the
 * accelerator can run the version. Needs `placementParams`.
 */
export const canServe = (alias: string, mv: string): string =>
  `(coalesce(toUpper(${mv}.format), $onnxFormat) = $onnxFormat
    AND any(ep IN coalesce(${alias}.executionProviders, []) WHERE ep IN $onnxProviders)
    AND coalesce(${alias}.memoryMb, 0) * $bytesPerMb >= $memoryFactor * coalesce(${mv}.artifactSize, 0))`;

/** Cypher rank of an accelerator bound to `alias`: tensorrt GPUs, cuda GPUs, other GPUs, NPUs, FPGAs, CPUs. */
export const preferenceRank = (alias: string): string =>
  `CASE
     WHEN ${alias}.kind = $gpuKind AND $tensorrt IN ${alias}.executionProviders THEN 0
     WHEN ${alias}.kind = $gpuKind AND $cuda IN ${alias}.executionProviders THEN 1
     WHEN ${alias}.kind = $gpuKind THEN 2
     WHEN ${alias}.kind = $npuKind THEN 3
     WHEN ${alias}.kind = $fpgaKind THEN 4
     ELSE 5 END`;

export const placementParams = {
  onnxFormat: 'ONNX',
  onnxProviders: [...ONNX_EXECUTION_PROVIDERS],
  bytesPerMb: BYTES_PER_MB,
  memoryFactor: MEMORY_FACTOR,
  gpuKind: 'GPU',
  npuKind: 'NPU',
  fpgaKind: 'FPGA',
  tensorrt: 'tensorrt',
  cuda: 'cuda',
};
