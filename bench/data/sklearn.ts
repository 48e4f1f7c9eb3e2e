// scikit-learn's bundled tables (digits: 1,797 × 64, 10 classes; breast cancer: 569 × 30, 2 classes), read
// out of the scikit-learn wheel on PyPI (a zip) into the cache outside the repository ($PLINTH_HOME, by
// default ~/.cache/plinth/bench-data). The wheel and each file are pinned by sha256, so the benchmark runs on
// exactly these bytes or not at all. No Python is needed: only the data files are read from the wheel.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import yauzl from 'yauzl';
import { plinthHome } from '../../lib/config.js';
import { download } from '../../scripts/stack/download.js';

/** A feature table with integer class labels 0..classes-1. */
export interface Table {
  name: string;
  source: string;
  features: Float64Array[];
  labels: number[];
  classes: number;
  classNames: string[];
}

// Any wheel of this release holds the same data files; this one is pinned by name and digest.
const WHEEL = {
  version: '1.9.1',
  file: 'scikit_learn-1.9.1-cp311-cp311-manylinux_2_27_x86_64.manylinux_2_28_x86_64.whl',
  sha256: '52a0703bbc07ad27f560fa63fa68e4c54dd735bfbbf65b4dd3c225dc7547b6df',
};
const FILES = {
  digits: {
    entry: 'sklearn/datasets/data/digits.csv.gz',
    sha256: '09f66e6debdee2cd2b5ae59e0d6abbb73fc2b0e0185d2e1957e9ebb51e23aa22',
  },
  breastCancer: {
    entry: 'sklearn/datasets/data/breast_cancer.csv',
    sha256: 'fed3eb72d0575ef6192293f5093c6e801b1476b577d0386bf4455504522172ed',
  },
} as const;

export const benchDataDir = (): string => join(plinthHome, 'bench-data');
const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

/** The wheel's download URL, from PyPI's simple index (PEP 691 JSON), checked against the pinned digest. */
async function wheelUrl(): Promise<string> {
  const index = 'https://pypi.org/simple/scikit-learn/';
  let res: Response;
  try {
    res = await fetch(index, { headers: { accept: 'application/vnd.pypi.simple.v1+json' } });
  } catch (error) {
    throw new Error(`cannot reach PyPI (${index}) to fetch the scikit-learn wheel: ${(error as Error).message}`);
  }
  if (!res.ok) throw new Error(`PyPI index ${index} answered HTTP ${res.status}`);
  const body = (await res.json()) as { files?: { filename: string; url: string; hashes?: { sha256?: string } }[] };
  const file = body.files?.find((f) => f.filename === WHEEL.file);
  if (!file)
    throw new Error(`PyPI no longer lists ${WHEEL.file}; pin another scikit-learn wheel in bench/data/sklearn.ts`);
  if (file.hashes?.sha256 && file.hashes.sha256 !== WHEEL.sha256)
    throw new Error(`PyPI lists ${WHEEL.file} with sha256 ${file.hashes.sha256}, pinned ${WHEEL.sha256}: refusing it`);
  return file.url;
}

function readZipEntries(zipPath: string, wanted: readonly string[]): Promise<Map<string, Buffer>> {
  return new Promise((resolve, reject) => {
    const found = new Map<string, Buffer>();
    yauzl.open(zipPath, { lazyEntries: true }, (err, zip) => {
      if (err || !zip) return reject(new Error(`${zipPath} is not a readable zip: ${err?.message}`));
      zip.on('error', reject);
      zip.on('end', () => resolve(found));
      zip.on('entry', (entry: yauzl.Entry) => {
        if (!wanted.includes(entry.fileName)) return zip.readEntry();
        zip.openReadStream(entry, (e, stream) => {
          if (e || !stream) return reject(e ?? new Error(`cannot read ${entry.fileName}`));
          const chunks: Buffer[] = [];
          stream.on('data', (c: Buffer) => chunks.push(c));
          stream.on('error', reject);
          stream.on('end', () => {
            found.set(entry.fileName, Buffer.concat(chunks));
            zip.readEntry();
          });
        });
      });
      zip.readEntry();
    });
  });
}

/** The two data files' bytes, from the cache or (once) from the wheel; each verified against its pin. */
export async function sklearnFiles(): Promise<{ digits: Buffer; breastCancer: Buffer }> {
  const dir = join(benchDataDir(), `scikit-learn-${WHEEL.version}`);
  const path = (key: keyof typeof FILES) => join(dir, FILES[key].entry.split('/').pop()!);
  const cached = (key: keyof typeof FILES): Buffer | null => {
    if (!existsSync(path(key))) return null;
    const bytes = readFileSync(path(key));
    return sha256(bytes) === FILES[key].sha256 ? bytes : null;
  };
  let digits = cached('digits');
  let breastCancer = cached('breastCancer');
  if (digits && breastCancer) return { digits, breastCancer };

  mkdirSync(dir, { recursive: true });
  const wheel = join(dir, WHEEL.file);
  const url = existsSync(wheel) ? '' : await wheelUrl();
  await download('bench-data', url, wheel, { algorithm: 'sha256', digest: WHEEL.sha256 });
  const entries = await readZipEntries(wheel, [FILES.digits.entry, FILES.breastCancer.entry]);
  for (const key of ['digits', 'breastCancer'] as const) {
    const bytes = entries.get(FILES[key].entry);
    if (!bytes) throw new Error(`${WHEEL.file} has no ${FILES[key].entry}`);
    const got = sha256(bytes);
    if (got !== FILES[key].sha256)
      throw new Error(`${FILES[key].entry} in ${WHEEL.file} has sha256 ${got}, pinned ${FILES[key].sha256}`);
    writeFileSync(`${path(key)}.part`, bytes);
    renameSync(`${path(key)}.part`, path(key));
  }
  digits = entries.get(FILES.digits.entry)!;
  breastCancer = entries.get(FILES.breastCancer.entry)!;
  return { digits, breastCancer };
}

const numbers = (line: string, where: string): number[] =>
  line.split(',').map((v, i) => {
    const n = Number(v);
    if (v.trim() === '' || !Number.isFinite(n)) throw new Error(`${where}: column ${i + 1} is not a number: "${v}"`);
    return n;
  });

/** digits.csv.gz: 65 numbers per line, the 8×8 pixel counts (0..16) then the digit. */
export function parseDigits(gz: Buffer): Table {
  const lines = gunzipSync(gz).toString('utf8').trim().split('\n');
  const features: Float64Array[] = [];
  const labels: number[] = [];
  lines.forEach((line, i) => {
    const v = numbers(line, `digits.csv line ${i + 1}`);
    if (v.length !== 65) throw new Error(`digits.csv line ${i + 1}: ${v.length} columns, expected 65`);
    features.push(Float64Array.from(v.slice(0, 64)));
    labels.push(v[64]!);
  });
  if (features.length !== 1797) throw new Error(`digits.csv: ${features.length} rows, expected 1797`);
  const classNames = Array.from({ length: 10 }, (_, d) => String(d));
  return {
    name: 'digits',
    source: `scikit-learn ${WHEEL.version} wheel, ${FILES.digits.entry}`,
    features,
    labels,
    classes: 10,
    classNames,
  };
}

/** breast_cancer.csv: a header "569,30,malignant,benign", then 30 measurements and the class (0 malignant). */
export function parseBreastCancer(csv: Buffer): Table {
  const [header, ...lines] = csv.toString('utf8').trim().split('\n');
  const head = header!.split(',');
  const rows = Number(head[0]);
  const cols = Number(head[1]);
  const features: Float64Array[] = [];
  const labels: number[] = [];
  lines.forEach((line, i) => {
    const v = numbers(line, `breast_cancer.csv line ${i + 2}`);
    if (v.length !== cols + 1)
      throw new Error(`breast_cancer.csv line ${i + 2}: ${v.length} columns, expected ${cols + 1}`);
    features.push(Float64Array.from(v.slice(0, cols)));
    labels.push(v[cols]!);
  });
  if (features.length !== rows) throw new Error(`breast_cancer.csv: ${features.length} rows, header says ${rows}`);
  return {
    name: 'breast-cancer',
    source: `scikit-learn ${WHEEL.version} wheel, ${FILES.breastCancer.entry}`,
    features,
    labels,
    classes: 2,
    classNames: head.slice(2),
  };
}

export async function sklearnTables(): Promise<{ digits: Table; breastCancer: Table }> {
  const files = await sklearnFiles();
  return { digits: parseDigits(files.digits), breastCancer: parseBreastCancer(files.breastCancer) };
}
