import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { neo4jConf, neo4jJvmFlags } from './neo4j.js';

const settings = (text: string): Map<string, string> =>
  new Map(
    text
      .split('\n')
      .filter((line) => line && !line.startsWith('#'))
      .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
  );

describe('neo4jConf', () => {
  const conf = settings(
    neo4jConf({ dataRoot: '/cache/data/neo4j', boltPort: 17687, httpPort: 17474, heap: '1g', pageCache: '512m' }),
  );

  it('listens on loopback only, with authentication on and HTTPS off', () => {
    assert.equal(conf.get('server.default_listen_address'), '127.0.0.1');
    assert.equal(conf.get('server.bolt.listen_address'), '127.0.0.1:17687');
    assert.equal(conf.get('server.http.listen_address'), '127.0.0.1:17474');
    assert.equal(conf.get('dbms.security.auth_enabled'), 'true');
    assert.equal(conf.get('server.https.enabled'), 'false');
  });

  it('keeps data and logs under the given data root', () => {
    assert.equal(conf.get('server.directories.data'), '/cache/data/neo4j/data');
    assert.equal(conf.get('server.directories.logs'), '/cache/data/neo4j/logs');
    assert.equal(conf.get('server.memory.pagecache.size'), '512m');
  });

  it('has no duplicate keys (Neo4j refuses to start on them)', () => {
    const keys = neo4jConf({ dataRoot: '/d', boltPort: 1, httpPort: 2, heap: '1g', pageCache: '1m' })
      .split('\n')
      .filter((line) => line && !line.startsWith('#'))
      .map((line) => line.split('=')[0]);
    assert.equal(new Set(keys).size, keys.length);
  });
});

describe('neo4jJvmFlags', () => {
  it('sets the heap and opens the modules Neo4j 5 needs on Java 17+', () => {
    const flags = neo4jJvmFlags('2g');
    assert.ok(flags.includes('-Xms2g') && flags.includes('-Xmx2g'));
    for (const open of ['java.base/java.nio', 'java.base/java.io', 'java.base/sun.nio.ch']) {
      assert.ok(flags.includes(`--add-opens=${open}=ALL-UNNAMED`), open);
    }
  });
});
