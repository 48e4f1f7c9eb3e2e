// Installs ONNX Runtime's CUDA and TensorRT execution providers for onnxruntime-node on a Linux x64 GPU
// host. onnxruntime-node ships the CPU and WebGPU providers; its install script would fetch the CUDA
// ones from NuGet (CUDA 12 builds), which `.npmrc` turns off because NuGet is not reachable from every
// host. The same provider libraries, built for CUDA 13, are in the PyPI wheel `onnxruntime-gpu` of the
// very same version; this script takes them from there (pip checks the wheel's hash against PyPI's) and
// puts them next to onnxruntime-node's core library, where ONNX Runtime looks for them.
//
// The CUDA runtime itself is not copied: the CUDA provider needs libcudart/libcublas/libcublasLt 13,
// libcufft 12, libcurand 10 and cuDNN 9 for CUDA 13 on the library path, as a CUDA 13 install or the
// PyPI wheels `nvidia-cuda-runtime nvidia-cublas nvidia-cufft nvidia-curand nvidia-cudnn-cu13` provide.
// `--cuda-libs` installs those wheels into $PLINTH_HOME/cuda and prints the LD_LIBRARY_PATH to use.
//
// Checked on an NVIDIA H100 (driver 580, CUDA 13 libraries from PyPI): `npm run gpu:check` then finds
// cpu, webgpu and cuda usable (bench/results/gpu-check-h100.json); tensorrt still needs TensorRT 10.
//
// Usage: npm run gpu:providers [-- --cuda-libs] [--target <dir>]
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { plinthHome } from '../lib/config.js';

const argv = process.argv.slice(2);
const require = createRequire(import.meta.url);
const ortVersion = (require('onnxruntime-node/package.json') as { version: string }).version;
export const PROVIDER_LIBS = [
  'libonnxruntime_providers_shared.so',
  'libonnxruntime_providers_cuda.so',
  'libonnxruntime_providers_tensorrt.so',
];
export const CUDA_WHEELS = [
  'nvidia-cuda-runtime',
  'nvidia-cuda-nvrtc',
  'nvidia-cublas',
  'nvidia-cufft',
  'nvidia-curand',
  'nvidia-cudnn-cu13',
];

/** Where onnxruntime-node loads its core library (and so its provider libraries) from. */
export function ortBinDir(): string {
  return join(dirname(require.resolve('onnxruntime-node/package.json')), 'bin', 'napi-v6', 'linux', 'x64');
}

function run(cmd: string, args: string[]): void {
  console.log(`$ ${cmd} ${args.join(' ')}`);
  const r = spawnSync(cmd, args, { stdio: 'inherit' });
  if (r.status !== 0) throw new Error(`${cmd} exited with ${r.status ?? r.signal}`);
}

function main(): void {
  if (process.platform !== 'linux' || process.arch !== 'x64')
    throw new Error(`the CUDA providers are for linux/x64; this is ${process.platform}/${process.arch}`);
  const target = argv.includes('--target') ? argv[argv.indexOf('--target') + 1]! : ortBinDir();
  if (!existsSync(join(ortBinDir(), 'libonnxruntime.so.1')))
    throw new Error(`onnxruntime-node's core library is missing from ${ortBinDir()} (run npm ci)`);
  const wheels = join(plinthHome, 'downloads', `onnxruntime-gpu-${ortVersion}`);
  mkdirSync(wheels, { recursive: true });
  // Any CPython tag will do: only the provider libraries are taken, and they don't link to Python.
  if (!readdirSync(wheels).some((f) => f.endsWith('.whl'))) {
    run('python3', [
      '-m',
      'pip',
      'download',
      '--no-deps',
      '--only-binary=:all:',
      '--python-version',
      '3.12',
      '--platform',
      'manylinux_2_28_x86_64',
      '--platform',
      'manylinux_2_27_x86_64',
      '-d',
      wheels,
      `onnxruntime-gpu==${ortVersion}`,
    ]);
  }
  const wheel = join(
    wheels,
    readdirSync(wheels).find((f) => f.endsWith('.whl'))!,
  );
  const unpacked = join(wheels, 'unpacked');
  const members = PROVIDER_LIBS.map((lib) => `onnxruntime/capi/${lib}`);
  run('python3', [
    '-c',
    'import sys, zipfile; zipfile.ZipFile(sys.argv[1]).extractall(sys.argv[2], members=sys.argv[3:])',
    wheel,
    unpacked,
    ...members,
  ]);
  mkdirSync(target, { recursive: true });
  for (const lib of PROVIDER_LIBS) copyFileSync(join(unpacked, 'onnxruntime', 'capi', lib), join(target, lib));
  console.log(`installed ${PROVIDER_LIBS.join(', ')} (onnxruntime-gpu ${ortVersion}) into ${target}`);

  if (argv.includes('--cuda-libs')) {
    const cuda = join(plinthHome, 'cuda');
    run('python3', ['-m', 'pip', 'install', '--quiet', '--target', cuda, ...CUDA_WHEELS]);
    const libDirs = spawnSync('find', [join(cuda, 'nvidia'), '-maxdepth', '3', '-type', 'd', '-name', 'lib'], {
      encoding: 'utf8',
    })
      .stdout.trim()
      .split('\n')
      .filter(Boolean);
    console.log(
      `CUDA 13 libraries in ${cuda}; before starting Plinth:\n  export LD_LIBRARY_PATH=${libDirs.join(':')}\${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}`,
    );
  } else {
    console.log(
      'the CUDA provider also needs the CUDA 13 runtime, cuBLAS, cuFFT, cuRAND and cuDNN 9 on the library path (--cuda-libs installs them from PyPI)',
    );
  }
  console.log('check with: npm run gpu:check');
}

// Run as a script (not when a test imports ortBinDir).
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  try {
    main();
  } catch (error) {
    console.error(`gpu:providers: ${(error as Error).message}`);
    process.exit(1);
  }
}
