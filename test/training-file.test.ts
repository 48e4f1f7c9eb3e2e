// The file behind a dataset version, as training and AutoML activities read it (domain/datasets/training-file.ts):
// a CSV inside a data root is found; every other case is a TrainingFileError naming the version, which
// the activities turn into a non-retryable failure. Real Neo4j; the data root is the configured one.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { mkdtemp, realpath, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Driver } from 'neo4j-driver';
import { createDriver } from '../lib/graph/driver.js';
import { TrainingFileError, trainingCsvPath } from '../domain/datasets/training-file.js';
import { dataDir } from './helpers/training-fixtures.js';

const tag = `tfile-${randomUUID().slice(0, 8)}`;
let driver: Driver;
let inside: string;
let outside: string;
const version = (name: string) => `${tag}-${name}`;

before(async () => {
  driver = createDriver();
  inside = await dataDir('plinth-training-file-');
  outside = await mkdtemp(join(tmpdir(), 'plinth-training-file-outside-'));
  await writeFile(join(inside, 'ok.csv'), 'a,y\n1,0\n');
  await writeFile(join(inside, 'notes.txt'), 'a,y\n1,0\n');
  await writeFile(join(outside, 'far.csv'), 'a,y\n1,0\n');
  const uris: Record<string, string | null> = {
    ok: pathToFileURL(join(inside, 'ok.csv')).href,
    txt: pathToFileURL(join(inside, 'notes.txt')).href,
    // The URI ends in .csv only through its fragment.
    fragment: `${pathToFileURL(join(inside, 'notes.txt')).href}#.csv`,
    far: pathToFileURL(join(outside, 'far.csv')).href,
    s3: 's3://bucket/data.csv',
    none: null,
  };
  await driver.executeQuery(
    'UNWIND $rows AS row CREATE (:DatasetVersion {id: row.id, storageUri: row.uri, tags: [$tag]})',
    { tag, rows: Object.entries(uris).map(([name, uri]) => ({ id: version(name), uri })) },
  );
});

after(async () => {
  await driver.executeQuery('MATCH (v:DatasetVersion) WHERE $tag IN v.tags DETACH DELETE v', { tag });
  await driver.close();
  await rm(inside, { recursive: true, force: true });
  await rm(outside, { recursive: true, force: true });
});

test('a file:// CSV inside a data root: its real path', async () => {
  assert.equal(await trainingCsvPath(driver, version('ok')), await realpath(join(inside, 'ok.csv')));
});

test('anything else is a TrainingFileError that names the version and the problem', async () => {
  const problem = async (name: string): Promise<string> => {
    const error = await trainingCsvPath(driver, name).then(
      () => null,
      (e: unknown) => e,
    );
    assert.ok(error instanceof TrainingFileError, `${name}: ${String(error)}`);
    return error.message;
  };
  assert.match(await problem(version('missing')), /no dataset version with id ".*-missing" or it has no storageUri/);
  assert.match(await problem(version('none')), /has no storageUri/);
  assert.match(
    await problem(version('s3')),
    /-s3 is not a file:\/\/ CSV \(s3:\/\/bucket\/data\.csv\); only files under the data roots/,
  );
  assert.match(await problem(version('far')), /-far: dataset file refused: .*must name a file inside a data root/);
  assert.match(await problem(version('txt')), /-txt is not a file:\/\/ CSV/);
  assert.match(
    await problem(version('fragment')),
    /-fragment: dataset file refused: .*must not have a query \(\?\) or fragment/,
  );
});
