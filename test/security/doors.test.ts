// Issue #12, the gateway's doors (items 3, 5, 6, 7): each probe of the attack, against the hub in this
// process on the real stack. Raw sockets where the probe is about bytes on the wire: an absolute-form
// request-target, a body declared but never sent (an answer that still arrives proves it was refused
// without reading), a chunked body past the limit.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { createServer, request, type Server } from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { startHub, type Hub } from '../helpers/hub.js';
import { tokenFor } from '../helpers/tokens.js';
import { getRuntime } from '../../subgraphs/serving/inference/host.js';
import { readInferBody } from '../../subgraphs/serving/runtime/oip.js';
import { isInferenceError } from '../../subgraphs/serving/runtime/errors.js';
import { RUN_EVENT_SCHEMA_URL } from '../../subgraphs/lineage/openlineage/types.js';

const tag = `doors-${randomUUID().slice(0, 8)}`;
let hub: Hub;
let gateway: URL;
const origin = (url: string): URL => new URL(new URL(url).origin);

before(async () => {
  hub = await startHub();
  gateway = origin(hub.gateway.url);
});
after(async () => {
  await hub.driver.executeQuery('MATCH (d:Deployment) WHERE d.id STARTS WITH $tag DETACH DELETE d', { tag });
  await hub.driver.executeQuery('MATCH (v:DatasetVersion) WHERE v.datasetId STARTS WITH $prefix DETACH DELETE v', {
    prefix: `ol:${tag}/`,
  });
  await hub.driver.executeQuery(
    `MATCH (n) WHERE (n:Job OR n:LineageRun OR n:Dataset OR n:DatasetVersion) AND (n.namespace = $tag OR n.id STARTS WITH $prefix OR n.jobId STARTS WITH $tag)
     DETACH DELETE n`,
    { tag, prefix: `ol:${tag}/` },
  );
  await hub.close();
});

interface RawAnswer {
  status: number;
  headers: Record<string, string>;
  body: string;
  ms: number;
}

/**
 * Writes `head` (and `body`, if any) on a fresh socket and reads one HTTP/1.1 answer. The socket stays
 * open while waiting, so a body declared by Content-Length but not sent is still "coming".
 */
function raw(url: URL, head: string, body: Buffer | string = '', timeoutMs = 5_000): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const socket = connect(Number(url.port), url.hostname);
    let data = Buffer.alloc(0);
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`no answer within ${timeoutMs} ms to ${head.split('\r\n')[0]}`));
    }, timeoutMs);
    const finish = (): boolean => {
      const text = data.toString('latin1');
      const end = text.indexOf('\r\n\r\n');
      if (end < 0) return false;
      const [statusLine, ...lines] = text.slice(0, end).split('\r\n');
      const headers = Object.fromEntries(
        lines.map((l) => [l.slice(0, l.indexOf(':')).toLowerCase(), l.slice(l.indexOf(':') + 1).trim()]),
      );
      const length = Number(headers['content-length'] ?? NaN);
      const payload = data.subarray(Buffer.byteLength(text.slice(0, end + 4), 'latin1'));
      if (Number.isFinite(length) && payload.length < length) return false;
      clearTimeout(timer);
      socket.destroy();
      resolve({
        status: Number(statusLine!.split(' ')[1]),
        headers,
        body: payload.toString('utf8'),
        ms: performance.now() - started,
      });
      return true;
    };
    socket.on('data', (chunk: Buffer) => {
      data = Buffer.concat([data, chunk]);
      finish();
    });
    socket.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    socket.on('close', () => {
      if (!finish()) {
        clearTimeout(timer);
        reject(
          new Error(
            `connection closed without a complete answer: ${JSON.stringify(data.toString('latin1').slice(0, 200))}`,
          ),
        );
      }
    });
    socket.write(head);
    if (body.length > 0) socket.write(body);
  });
}

const headOf = (method: string, target: string, host: URL, headers: Record<string, string | number> = {}): string =>
  `${method} ${target} HTTP/1.1\r\nHost: ${host.host}\r\n${Object.entries(headers)
    .map(([k, v]) => `${k}: ${v}\r\n`)
    .join('')}\r\n`;

/** A throwaway server that counts what reaches it. */
async function bystander(): Promise<{ url: URL; hits: () => number; close: () => Promise<void> }> {
  let hits = 0;
  const server: Server = createServer((_req, res) => {
    hits++;
    res.end('bystander answered');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: new URL(`http://127.0.0.1:${port}`),
    hits: () => hits,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

describe('item 3: an absolute-form request-target reaches no other host or port', () => {
  test('upload proxy, OIP, OpenLineage and a subgraph answer 400 and the bystander receives nothing', async () => {
    const other = await bystander();
    try {
      const token = await tokenFor('scientist');
      const targets: [URL, string, string][] = [
        [gateway, 'POST', `${other.url.origin}/api/models/${tag}/versions`],
        [gateway, 'POST', `${other.url.origin}/v2/models/x/infer`],
        [gateway, 'GET', `${other.url.origin}/v2/health/live`],
        [gateway, 'POST', `${other.url.origin}/api/v1/lineage`],
        [gateway, 'GET', `${other.url.origin}/metrics`],
        [origin(hub.subgraphs.models!.url), 'POST', `${other.url.origin}/api/models/${tag}/versions`],
        [origin(hub.subgraphs.lineage!.url), 'POST', `${other.url.origin}/graphql`],
      ];
      for (const [server, method, target] of targets) {
        for (const authorization of [undefined, `Bearer ${token}`]) {
          const headers: Record<string, string | number> = {
            'content-type': 'application/octet-stream',
            'content-length': 5,
          };
          if (authorization) headers.authorization = authorization;
          const answer = await raw(server, headOf(method, target, other.url, headers), 'hello');
          assert.ok(
            answer.status === 400 || answer.status === 404,
            `${method} ${target} via ${server.port}: HTTP ${answer.status} ${answer.body}`,
          );
          assert.doesNotMatch(answer.body, /bystander/);
        }
      }
      assert.equal(other.hits(), 0, 'the bystander server was reached');
    } finally {
      await other.close();
    }
  });
});

describe('item 5: proxied sub-paths reach no GraphQL endpoint; subgraphs apply the limits', () => {
  const aliases = (n: number): string =>
    `{ ${Array.from({ length: n }, (_, i) => `a${i}: verifyAuditChain { intact }`).join(' ')} }`;
  const post = (url: string, token: string, body: unknown): Promise<Response> =>
    fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify(body),
    });

  test('60 aliases, _service and _entities via /api/v1/lineage/x (gateway or subgraph) are 404, never answered', async () => {
    const token = await tokenFor('auditor');
    const lineage = origin(hub.subgraphs.lineage!.url);
    for (const base of [gateway, lineage]) {
      for (const path of [
        '/api/v1/lineage/x',
        '/api/v1/lineage/export/x',
        '/api/compliance/x',
        '/v2/x/y',
        '/anything',
      ]) {
        for (const query of [
          aliases(60),
          '{ _service { sdl } }',
          '{ _entities(representations: [{__typename: "Service", id: "x"}]) { __typename } }',
        ]) {
          const res = await post(new URL(path, base).toString(), token, { query });
          const text = await res.text();
          assert.ok(
            res.status === 404 || (res.status === 405 && base === gateway),
            `${base.port}${path}: HTTP ${res.status} ${text.slice(0, 200)}`,
          );
          assert.doesNotMatch(text, /"data"/);
        }
      }
    }
  });

  test('dot segments and encoded separators in a proxied path are refused (400)', async () => {
    const token = await tokenFor('auditor');
    for (const path of [
      '/api/compliance/deployments/x/..%2F..%2F..%2Fgraphql',
      '/v2/models/%2e%2e/%2e%2e/graphql',
      '/api/v1/lineage/%2e%2e/graphql',
      '/v2//health/live',
    ]) {
      const answer = await raw(gateway, headOf('GET', path, gateway, { authorization: `Bearer ${token}` }));
      assert.equal(answer.status, 400, `${path}: HTTP ${answer.status} ${answer.body}`);
    }
  });

  test('a subgraph reached directly refuses 60 aliases, and still answers the gateway and _service', async () => {
    const token = await tokenFor('auditor');
    const lineage = hub.subgraphs.lineage!.url;
    const refused = await post(lineage, token, { query: aliases(60) });
    const body = (await refused.json()) as { data?: unknown; errors?: { message: string }[] };
    assert.equal(body.data, undefined, 'no data for 60 aliases');
    assert.match(body.errors?.[0]?.message ?? '', /alias/i);
    const sdl = (await (await post(lineage, token, { query: '{ _service { sdl } }' })).json()) as {
      data?: { _service: { sdl: string } };
    };
    assert.match(sdl.data?._service.sdl ?? '', /verifyAuditChain/);
    const through = (await (
      await post(hub.gateway.url, token, { query: '{ me { username } verifyAuditChain { intact } }' })
    ).json()) as {
      data?: { me: { username: string } };
    };
    assert.equal(through.data?.me.username, 'auditor');
  });
});

describe('item 6: body limits hold before authentication and while streaming', () => {
  const fortyFiveMB = 45 * 1024 * 1024;

  test('a 45 MB body declared but never sent gets 413 JSON at once, with and without a token', async () => {
    const token = await tokenFor('scientist');
    const cases: [URL, string, string][] = [
      [gateway, 'POST', '/graphql'],
      [gateway, 'POST', '/v2/models/x/infer'],
      [gateway, 'POST', '/api/v1/lineage'],
      [origin(hub.subgraphs.assets!.url), 'POST', '/graphql'],
      [origin(hub.subgraphs.assets!.url), 'POST', '/'],
      [origin(hub.subgraphs.serving!.url), 'POST', '/v2/models/x/infer'],
      [origin(hub.subgraphs.lineage!.url), 'POST', '/api/v1/lineage'],
    ];
    const big = 100 * 1024 * 1024; // over every limit but the model upload's
    for (const [server, method, path] of cases) {
      for (const authorization of [undefined, `Bearer ${token}`]) {
        const headers: Record<string, string | number> = {
          'content-type': 'application/json',
          'content-length': path.startsWith('/v2') ? big : fortyFiveMB,
        };
        if (authorization) headers.authorization = authorization;
        const answer = await raw(server, headOf(method, path, server, headers), '{"query":', 3_000);
        assert.equal(
          answer.status,
          413,
          `${server.port}${path} ${authorization ? 'with' : 'without'} token: HTTP ${answer.status} ${answer.body}`,
        );
        assert.match(answer.headers['content-type'] ?? '', /json/);
        assert.match(answer.body, /larger than the limit/);
      }
    }
  });

  test('a subgraph answers a missing token before reading a body it may accept (401 at once)', async () => {
    for (const server of [origin(hub.subgraphs.assets!.url), origin(hub.subgraphs.lineage!.url)]) {
      const answer = await raw(
        server,
        headOf('POST', '/graphql', server, { 'content-type': 'application/json', 'content-length': 3 * 1024 * 1024 }),
        '{"query":',
        3_000,
      );
      assert.equal(answer.status, 401, `${server.port}: HTTP ${answer.status} ${answer.body}`);
    }
  });

  test('a chunked body past the limit is cut off with 413 JSON, not a connection reset', async () => {
    const token = await tokenFor('viewer');
    const chunk = Buffer.alloc(256 * 1024, 0x20);
    const rssBefore = process.memoryUsage().rss;
    for (const [url, limitMB] of [
      [hub.gateway.url, 2],
      [hub.subgraphs.assets!.url, 4],
    ] as const) {
      let sent = 0;
      const body = new ReadableStream<Uint8Array>({
        pull(controller) {
          if (sent > (limitMB + 4) * 1024 * 1024) return controller.close();
          sent += chunk.length;
          controller.enqueue(chunk);
        },
      });
      const res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body,
        duplex: 'half',
      } as RequestInit);
      assert.equal(res.status, 413, `${url}: HTTP ${res.status}`);
      const json = (await res.json()) as { errors: { message: string }[] };
      assert.match(json.errors[0]!.message, /larger than the limit/);
    }
    assert.ok(process.memoryUsage().rss - rssBefore < 200 * 1024 * 1024, 'RSS stays within 200 MB of where it was');
  });

  test('a 40 MB OIP JSON body is refused before it is parsed: 400 at once, RSS flat', () => {
    const body = Buffer.from(
      `{"inputs":[{"name":"x","datatype":"FP32","shape":[1],"data":[${'0,'.repeat(20 * 1024 * 1024)}0]}]}`,
    );
    const rssBefore = process.memoryUsage().rss;
    const started = performance.now();
    let caught: unknown;
    try {
      readInferBody(body, undefined);
    } catch (error) {
      caught = error;
    }
    const grew = process.memoryUsage().rss - rssBefore;
    assert.ok(
      isInferenceError(caught) && caught.code === 'INVALID_ARGUMENT',
      `refused as INVALID_ARGUMENT (400), got ${String(caught)}`,
    );
    assert.match((caught as Error).message, /more than \d+ JSON values/);
    assert.ok(grew < 64 * 1024 * 1024, `RSS grew ${Math.round(grew / 1048576)} MB`);
    assert.ok(performance.now() - started < 2_000, 'refused in one pass');
  });
});

describe('item 7: metrics behind a token; client errors are 4xx; gzip OpenLineage', () => {
  test('/metrics needs a token, and lists only the deployments the caller may see', async () => {
    const serving = origin(hub.subgraphs.serving!.url);
    for (const base of [gateway, serving])
      assert.equal((await fetch(new URL('/metrics', base))).status, 401, `${base.port}/metrics without token`);
    const branch = `${tag}-jiangsu-dep`;
    const ghost = `${tag}-ghost-dep`;
    await hub.driver.executeQuery(
      `MATCH (o:Org {id: 'jiangsu'}) CREATE (d:Deployment {id: $id, name: $id, status: 'STOPPED', ownerOrgId: 'jiangsu'})-[:OWNED_BY]->(o)`,
      { id: branch },
    );
    getRuntime().metrics.request(branch, 0.01);
    getRuntime().metrics.request(ghost, 0.01);
    try {
      const seen = async (user: string): Promise<string> => {
        const res = await fetch(new URL('/metrics', gateway), {
          headers: { authorization: `Bearer ${await tokenFor(user)}` },
        });
        assert.equal(res.status, 200, user);
        return res.text();
      };
      const [hq, jiangsu, zhejiang] = [
        await seen('viewer'),
        await seen('scientist.jiangsu'),
        await seen('viewer.zhejiang'),
      ];
      assert.match(hq, new RegExp(`deployment="${branch}"`), 'HQ sees its branch');
      assert.match(jiangsu, new RegExp(`deployment="${branch}"`), 'the owner sees its own');
      assert.doesNotMatch(zhejiang, new RegExp(branch), 'another branch does not');
      for (const text of [hq, jiangsu, zhejiang])
        assert.doesNotMatch(text, new RegExp(ghost), 'a deployment not in the graph is nobody’s');
    } finally {
      getRuntime().metrics.remove(branch);
      getRuntime().metrics.remove(ghost);
    }
  });

  test('a syntax error, the token limit and an unknown operationName are 400, never 500', async () => {
    const token = await tokenFor('viewer');
    const cases: Record<string, unknown> = {
      syntax: { query: '{ me { username ' },
      tokens: { query: `{ me { ${'username '.repeat(1_500)} } }` },
      operationName: { query: 'query A { me { username } }', operationName: 'B' },
    };
    // (An explicit `Accept: application/json` gets 200 for the first two, as GraphQL over HTTP asks of
    // legacy clients: see test/graphql-http-audit.test.ts.)
    for (const accept of ['*/*', 'application/graphql-response+json']) {
      for (const [name, body] of Object.entries(cases)) {
        const headers = { 'content-type': 'application/json', accept, authorization: `Bearer ${token}` };
        const res = await fetch(hub.gateway.url, { method: 'POST', headers, body: JSON.stringify(body) });
        const text = await res.text();
        assert.equal(res.status, 400, `${name} (accept ${accept}): HTTP ${res.status} ${text.slice(0, 300)}`);
        assert.match(text, /"errors"/);
      }
    }
  });

  test('a malformed OIP path is a 400 (gateway and serving), not a 500', async () => {
    const token = await tokenFor('viewer');
    for (const base of [gateway, origin(hub.subgraphs.serving!.url)]) {
      for (const path of ['/v2/models/%E0%A4%A/ready', '/v2/models/x/versions/%ZZ', '/v2/models/%/infer']) {
        const method = path.endsWith('/infer') ? 'POST' : 'GET';
        const res = await fetch(new URL(path, base), {
          method,
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
          body: method === 'POST' ? '{}' : undefined,
        });
        assert.ok(res.status >= 400 && res.status < 500, `${base.port}${path}: HTTP ${res.status} ${await res.text()}`);
      }
    }
  });

  test('OpenLineage with Content-Encoding: gzip works through the gateway; a gzip bomb is cut at the decoded limit', async () => {
    const token = await tokenFor('scientist');
    const event = {
      eventType: 'COMPLETE',
      eventTime: new Date().toISOString(),
      producer: 'urn:plinth:test',
      schemaURL: RUN_EVENT_SCHEMA_URL,
      run: { runId: randomUUID(), facets: {} },
      job: { namespace: tag, name: 'gzip.job', facets: {} },
      inputs: [{ namespace: tag, name: 'gzip.in' }],
      outputs: [{ namespace: tag, name: 'gzip.out' }],
    };
    const post = (body: Buffer): Promise<Response> =>
      fetch(new URL('/api/v1/lineage', gateway), {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'content-encoding': 'gzip', authorization: `Bearer ${token}` },
        body: new Uint8Array(body),
      });
    const ok = await post(gzipSync(JSON.stringify(event)));
    assert.equal(ok.status, 201, await ok.text());
    const bomb = gzipSync(
      Buffer.concat([
        Buffer.from('{"eventType":"COMPLETE","padding":"'),
        Buffer.alloc(16 * 1024 * 1024, 0x61),
        Buffer.from('"}'),
      ]),
    );
    assert.ok(bomb.length < 1024 * 1024, 'the bomb is small on the wire');
    const refused = await post(bomb);
    assert.equal(refused.status, 413, await refused.text());
  });
});

describe('F3: subgraph ports limit entities and bodies; large bodies are not buffered; answers are JSON', () => {
  const post = (url: string, token: string, body: unknown): Promise<Response> =>
    fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify(body),
    });
  const entities = 'query($r:[_Any!]!){_entities(representations:$r){... on Dataset{id}}}';
  const representations = (n: number): unknown[] =>
    Array.from({ length: n }, (_, i) => ({ __typename: 'Dataset', id: `${tag}-missing-${i}` }));

  test('_entities with 1,001 representations is a 400 naming the limit; 1,000 are answered', async () => {
    const token = await tokenFor('viewer.zhejiang');
    const assets = hub.subgraphs.assets!.url;
    const refused = await post(assets, token, { query: entities, variables: { r: representations(1_001) } });
    const text = await refused.text();
    assert.equal(refused.status, 400, text.slice(0, 300));
    assert.doesNotMatch(text, /"data"/);
    assert.match(text, /1001 representations requested; at most 1000/);
    const inline = `{_entities(representations:[${'{__typename:"Dataset",id:"x"},'.repeat(1_001)}]){... on Dataset{id}}}`;
    const inlineRefused = await post(assets, token, { query: inline });
    assert.ok(inlineRefused.status === 400, `inline: HTTP ${inlineRefused.status}`);
    const answered = await post(assets, token, { query: entities, variables: { r: representations(1_000) } });
    const body = (await answered.json()) as { data?: { _entities: unknown[] } };
    assert.equal(answered.status, 200);
    assert.equal(body.data?._entities.length, 1_000);
  });

  test('aliases of __typename count against the alias limit, at the gateway and on a subgraph', async () => {
    const token = await tokenFor('viewer');
    const query = `{ ${Array.from({ length: 200 }, (_, i) => `t${i}: __typename`).join(' ')} }`;
    for (const url of [hub.gateway.url, hub.subgraphs.assets!.url]) {
      const res = await post(url, token, { query });
      const text = await res.text();
      assert.equal(res.status, 400, `${url}: HTTP ${res.status} ${text.slice(0, 200)}`);
      assert.match(text, /Aliases limit/);
    }
  });

  test('a subgraph refuses a 5 MB body declared but never sent (413 at once)', async () => {
    const token = await tokenFor('viewer');
    const assets = origin(hub.subgraphs.assets!.url);
    const answer = await raw(
      assets,
      headOf('POST', '/graphql', assets, {
        'content-type': 'application/json',
        'content-length': 5 * 1024 * 1024,
        authorization: `Bearer ${token}`,
      }),
      '{"query":',
      3_000,
    );
    assert.equal(answer.status, 413, answer.body);
    assert.match(answer.body, /larger than the limit of 4194304 bytes/);
  });

  test('eight 40 MB infer bodies for a missing model: 404 JSON, and this process (gateway + serving) stays within 200 MB', async () => {
    const token = await tokenFor('viewer');
    const body = Buffer.alloc(40 * 1024 * 1024, 0x20); // one buffer, shared by every request
    const rssBefore = process.memoryUsage().rss;
    let peak = rssBefore;
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 10);
    try {
      // node:http writes the shared buffer as it is (fetch would copy it once per request).
      const answers = await Promise.all(
        Array.from(
          { length: 8 },
          () =>
            new Promise<{ status: number; text: string }>((resolve, reject) => {
              const req = request(new URL(`/v2/models/${tag}-absent/infer`, gateway), {
                method: 'POST',
                agent: false,
                headers: {
                  'content-type': 'application/json',
                  'content-length': body.length,
                  authorization: `Bearer ${token}`,
                },
              });
              req.on('response', (res) => {
                let text = '';
                res.on('data', (chunk: Buffer) => (text += chunk.toString()));
                res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
              });
              // Once answered, a connection the server closes (after discarding) settles nothing more.
              req.on('error', reject);
              req.end(body);
            }),
        ),
      );
      for (const answer of answers) {
        assert.equal(answer.status, 404, answer.text);
        assert.match(answer.text, /not found/);
      }
    } finally {
      clearInterval(sampler);
    }
    const grew = peak - rssBefore;
    console.log(`eight 40 MB bodies for a missing model: RSS peak +${Math.round(grew / 1048576)} MB`);
    assert.ok(grew < 200 * 1024 * 1024, `RSS grew ${Math.round(grew / 1048576)} MB at its peak`);
  });

  test('unknown paths, wrong methods and bad percent-encoding at the gateway are JSON (404, 405, 400)', async () => {
    const token = await tokenFor('scientist');
    const cases: [string, string, number][] = [
      ['GET', `/api/models/${tag}/versions`, 405],
      ['PUT', `/api/models/${tag}/versions`, 405],
      ['GET', '/api/nothing/here', 404],
      ['POST', '/api/nothing/here', 404],
      ['GET', '/no-such-page', 404],
      ['GET', '/api/models/%/versions', 400],
      ['POST', '/api/models/%/versions', 400],
      ['POST', '/api/models/%E0%A4%A/versions', 400],
    ];
    for (const [method, path, status] of cases) {
      const answer = await raw(
        gateway,
        headOf(method, path, gateway, { authorization: `Bearer ${token}`, 'content-length': 0 }),
      );
      assert.equal(answer.status, status, `${method} ${path}: HTTP ${answer.status} ${answer.body.slice(0, 200)}`);
      assert.match(answer.headers['content-type'] ?? '', /application\/json/, `${method} ${path}`);
      assert.doesNotMatch(answer.body, /<html|<!DOCTYPE/i);
    }
  });
});
