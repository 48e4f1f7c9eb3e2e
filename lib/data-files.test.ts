// The external-pointer rule in isolation. The end-to-end probes (registration through the gateway, and
// training refusing pointers whatever their scheme) are in test/security/dataset-files.test.ts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { storageUriProblem } from './data-files.js';

test('storageUriProblem: pointers elsewhere are labels; file://, control characters and %00 are refused', () => {
  for (const ok of ['s3://bucket/key.parquet', 'hdfs://cluster/x', 'https://data.example/grid/v1.csv']) {
    assert.equal(storageUriProblem(ok), null, ok);
  }
  const refused: [string, RegExp][] = [
    ['file:///root/.cache/plinth/data/keycloak/secrets.json', /file:\/\/ URI .*upload the bytes/],
    ['FILE://localhost/etc/passwd', /file:\/\/ URI/],
    ['s3://bucket/a%00.csv', /%00/],
    ['s3://bucket/a\u0000b', /control character/],
    ['s3://bucket/a\u001b[2J', /control character \(U\+001B/],
    ['s3://bucket/a\u202eb', /invisible or bidirectional/],
  ];
  for (const [uri, message] of refused) assert.match(storageUriProblem(uri) ?? 'accepted', message, uri);
});
