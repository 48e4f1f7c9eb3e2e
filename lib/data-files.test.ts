// The data-root rule in isolation, on real files: two roots from PLINTH_DATA_ROOTS, files and symlinks
// created here. The end-to-end attack probes are in test/security/dataset-files.test.ts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { pathToFileURL } from 'node:url';

const base = mkdtempSync(join(tmpdir(), 'plinth-data-files-'));
const [first, second, outside] = ['root-a', 'root-b', 'outside'].map((name) => join(base, name));
for (const dir of [first!, second!, outside!]) mkdirSync(dir);
process.env.PLINTH_DATA_ROOTS = `${first}${delimiter}${second}`;
const { resolveDataFile, storageUriProblem } = await import('./data-files.js');
const url = (path: string): string => pathToFileURL(path).href;

test.after(() => rmSync(base, { recursive: true, force: true }));

test('storageUriProblem: file:// only inside a root, one plain path; other schemes as pointers', () => {
  for (const ok of [
    url(join(first!, 'a.csv')),
    url(join(second!, 'deep', 'b.csv')),
    `file://localhost${join(first!, 'c.csv')}`,
    's3://bucket/key.parquet',
    'hdfs://cluster/x',
  ]) {
    assert.equal(storageUriProblem(ok), null, ok);
  }
  const refused: [string, RegExp][] = [
    [url(join(outside!, 'a.csv')), /inside a data root/],
    [url(first!), /inside a data root/], // the root itself is not a file in it
    [`${url(first!)}-evil/a.csv`, /inside a data root/], // a sibling sharing the root's prefix
    [`${url(first!)}/../outside/a.csv`, /inside a data root/],
    [`${url(join(first!, 'a.csv'))}#.csv`, /fragment/],
    [`${url(join(first!, 'a.txt'))}?x=.csv`, /query/],
    [`${url(first!)}/[ab].csv`, /glob/],
    [`${url(first!)}/%7Ba,b%7D.csv`, /glob/],
    [`${url(first!)}/a%00.csv`, /%00/],
    [`${url(first!)}/a%1B.csv`, /control character \(U\+001B .*once percent-decoded/],
    ['s3://bucket/a\u0000b', /control character/],
    ['s3://bucket/a\u202eb', /invisible or bidirectional/],
    [`file://fileserver${join(first!, 'a.csv')}`, /local path/],
  ];
  for (const [uri, message] of refused) assert.match(storageUriProblem(uri) ?? 'accepted', message, uri);
});

test('resolveDataFile: the real path of a regular file inside a root; symlinks may not leave it', async () => {
  writeFileSync(join(first!, 'a.csv'), 'x,y\n1,0\n');
  writeFileSync(join(outside!, 'secret.csv'), 'top-secret,y\n');
  symlinkSync(join(first!, 'a.csv'), join(second!, 'alias.csv')); // root to root: fine
  symlinkSync(join(outside!, 'secret.csv'), join(first!, 'escape.csv'));
  symlinkSync(outside!, join(first!, 'linked-dir'));
  mkdirSync(join(first!, 'dir.csv'));
  assert.equal(await resolveDataFile(url(join(first!, 'a.csv'))), join(first!, 'a.csv'));
  assert.equal(await resolveDataFile(url(join(second!, 'alias.csv'))), join(first!, 'a.csv'));
  for (const [path, message] of [
    [join(first!, 'escape.csv'), /resolves outside the data roots/],
    [join(first!, 'linked-dir', 'secret.csv'), /resolves outside the data roots/],
    [join(first!, 'dir.csv'), /not a regular file/],
    [join(first!, 'missing.csv'), /does not exist/],
  ] as const) {
    await assert.rejects(resolveDataFile(url(path)), (error: Error) => {
      assert.match(error.message, message, path);
      assert.ok(!error.message.includes('top-secret'), error.message);
      return true;
    });
  }
});
