// Unit tests of the OpenLineage pieces that need no graph: schema validation, run state across
// out-of-order events, facet merging and limits, and the export's shape.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { validateAgainst, validateRunEvent } from './validate.js';
import { nextState, transitionKey, type RunState } from './ingest.js';
import { FACET_LIMIT, FACETS_LIMIT, mergeFacets } from './facets.js';
import { runIdFor, trainingRunToOpenLineage } from './export.js';
import { RUN_EVENT_SCHEMA_URL, type RunEvent } from './types.js';

const base = (over: Partial<RunEvent> = {}): RunEvent => ({
  eventType: 'START',
  eventTime: '2026-01-01T00:00:00Z',
  producer: 'https://example.com/producer',
  schemaURL: RUN_EVENT_SCHEMA_URL,
  run: { runId: '0190b8f6-7c1e-7d9a-9f3a-3b8f7c1e7d9a' },
  job: { namespace: 'ns', name: 'job' },
  ...over,
});

describe('validateRunEvent', () => {
  it('accepts a minimal RunEvent and every eventType of spec 2-0-2', () => {
    for (const eventType of ['START', 'RUNNING', 'COMPLETE', 'ABORT', 'FAIL', 'OTHER'] as const)
      assert.equal(validateRunEvent(base({ eventType })).ok, true);
    const { eventType: _omitted, ...noType } = base();
    assert.equal(validateRunEvent(noType).ok, true, 'eventType is optional in the spec');
  });

  it('names each offending field with its JSON Pointer', () => {
    const { eventTime: _omitted, ...noTime } = base();
    const result = validateRunEvent({
      ...noTime,
      eventType: 'DONE',
      producer: 'not a uri',
      job: { namespace: 'ns' },
      outputs: [{ namespace: 'a', name: 'b', facets: { x: {} } }],
    });
    assert.equal(result.ok, false);
    assert.deepEqual(!result.ok && result.details.map((d) => d.path).sort(), [
      '/eventTime',
      '/eventType',
      '/job/name',
      '/outputs/0/facets/x/_producer',
      '/outputs/0/facets/x/_schemaURL',
      '/producer',
    ]);
  });

  it('rejects an eventTime without a time zone and a runId that is not a UUID', () => {
    const result = validateRunEvent(base({ eventTime: '2026-01-01T00:00:00', run: { runId: '42' } }));
    assert.deepEqual(!result.ok && result.details, [
      { path: '/eventTime', message: 'must be a valid date-time' },
      { path: '/run/runId', message: 'must be a valid uuid' },
    ]);
  });

  it('says that static DatasetEvents are not ingested, though the schema knows them', () => {
    const datasetEvent = {
      eventTime: '2026-01-01T00:00:00Z',
      producer: 'https://p',
      schemaURL: 'https://s',
      dataset: { namespace: 'a', name: 'b' },
    };
    assert.deepEqual(validateAgainst('DatasetEvent', datasetEvent), []);
    const result = validateRunEvent(datasetEvent);
    assert.ok(!result.ok && result.details.some((d) => /only RunEvents/.test(d.message)));
  });
});

describe('run state', () => {
  const empty: RunState = { state: null, stateTime: null, startedAt: null, endedAt: null, lastEventTime: null };
  const at = (eventType: RunEvent['eventType'], eventTime: string): RunEvent => base({ eventType, eventTime });

  it('is the same whatever order START, RUNNING and COMPLETE arrive in', () => {
    const events = [
      at('START', '2026-01-01T00:00:00Z'),
      at('RUNNING', '2026-01-01T00:01:00Z'),
      at('COMPLETE', '2026-01-01T00:02:00Z'),
    ];
    const orders = [
      [0, 1, 2],
      [2, 1, 0],
      [1, 2, 0],
      [2, 0, 1],
    ];
    const finals = orders.map((order) => order.reduce((s, i) => nextState(s, events[i]!), empty));
    for (const final of finals) {
      assert.deepEqual(final, {
        state: 'COMPLETE',
        stateTime: '2026-01-01T00:02:00Z',
        startedAt: '2026-01-01T00:00:00Z',
        endedAt: '2026-01-01T00:02:00Z',
        lastEventTime: '2026-01-01T00:02:00Z',
      });
    }
  });

  it('OTHER never changes the state; a late RUNNING does not reopen a finished run', () => {
    let s = nextState(empty, at('FAIL', '2026-01-01T00:02:00Z'));
    s = nextState(s, at('OTHER', '2026-01-01T00:05:00Z'));
    s = nextState(s, at('RUNNING', '2026-01-01T00:06:00Z'));
    assert.equal(s.state, 'FAIL');
    assert.equal(s.endedAt, '2026-01-01T00:02:00Z');
  });

  it('keys START/terminal transitions by type and RUNNING/OTHER by type and time', () => {
    assert.equal(transitionKey(at('START', '2026-01-01T00:00:00Z')), 'START');
    assert.equal(transitionKey(at('RUNNING', '2026-01-01T00:00:00Z')), 'RUNNING@2026-01-01T00:00:00Z');
    assert.equal(transitionKey(base({ eventType: undefined })), 'OTHER@2026-01-01T00:00:00Z');
  });
});

describe('mergeFacets', () => {
  const f = (fields: Record<string, unknown>) => ({ _producer: 'https://p', _schemaURL: 'https://s', ...fields });

  it('newer events replace, older ones only add, _deleted removes', () => {
    const first = mergeFacets(null, { a: f({ v: 1 }), b: f({ v: 1 }) }, true);
    const older = mergeFacets(first, { a: f({ v: 0 }), c: f({ v: 0 }) }, false);
    assert.deepEqual(
      Object.fromEntries(Object.entries(JSON.parse(older!) as Record<string, { v: number }>).map(([k, v]) => [k, v.v])),
      { a: 1, b: 1, c: 0 },
    );
    const newer = mergeFacets(older, { a: f({ v: 2 }), b: f({ _deleted: true }) }, true);
    assert.deepEqual(Object.keys(JSON.parse(newer!) as object).sort(), ['a', 'c']);
  });

  it('truncates a large facet and drops the largest ones past the bag limit', () => {
    const big = mergeFacets(null, { big: f({ text: 'x'.repeat(FACET_LIMIT + 1) }) }, true);
    assert.deepEqual(JSON.parse(big!), {
      big: { _producer: 'https://p', _schemaURL: 'https://s', _truncated: true, _size: FACET_LIMIT + 1 + 60 },
    });
    const many = Object.fromEntries(
      Array.from({ length: 10 }, (_, i) => [`f${i}`, f({ text: 'y'.repeat(FACET_LIMIT - 100) })]),
    );
    const text = mergeFacets(null, many, true)!;
    assert.ok(text.length <= FACETS_LIMIT);
    assert.ok((JSON.parse(text) as { _omitted: string[] })._omitted.length >= 6);
  });
});

describe('trainingRunToOpenLineage', () => {
  it('gives a readable id a stable UUID and maps statuses to terminal events', () => {
    assert.equal(runIdFor('seed-run-1'), runIdFor('seed-run-1'));
    assert.notEqual(runIdFor('seed-run-1'), runIdFor('seed-run-2'));
    const run = {
      id: 'seed-run-1',
      algorithm: 'lgbm',
      params: {},
      workflowId: null,
      startedAt: '2026-01-01T00:00:00Z',
      endedAt: '2026-01-01T01:00:00Z',
      used: [],
      generated: [],
    };
    assert.deepEqual(
      trainingRunToOpenLineage({ ...run, status: 'SUCCEEDED' }).map((e) => e.eventType),
      ['START', 'COMPLETE'],
    );
    assert.deepEqual(
      trainingRunToOpenLineage({ ...run, status: 'CANCELLED' }).map((e) => e.eventType),
      ['START', 'ABORT'],
    );
    assert.deepEqual(
      trainingRunToOpenLineage({ ...run, status: 'RUNNING', endedAt: null }).map((e) => e.eventType),
      ['START'],
    );
    assert.deepEqual(trainingRunToOpenLineage({ ...run, status: 'SUCCEEDED', startedAt: null, endedAt: null }), []);
    for (const e of trainingRunToOpenLineage({ ...run, status: 'FAILED' })) assert.equal(validateRunEvent(e).ok, true);
  });

  it('keeps the namespace and name of datasets that came in through OpenLineage', () => {
    const [start] = trainingRunToOpenLineage({
      id: 'r',
      status: 'SUCCEEDED',
      algorithm: 'x',
      params: '{}',
      workflowId: 'wf-1',
      startedAt: '2026-01-01T00:00:00Z',
      endedAt: null,
      used: [
        {
          id: 'ol:s3://b/t@run:1',
          datasetId: 'ol:s3://b/t',
          version: 2,
          datasetName: 's3://b/t',
          contentHash: null,
          source: 'openlineage',
          namespace: 's3://b',
          olName: 't',
        },
        {
          id: 'dv1',
          datasetId: 'd1',
          version: 1,
          datasetName: 'meters',
          contentHash: 'a'.repeat(64),
          source: null,
          namespace: null,
          olName: null,
        },
      ],
      generated: [],
    });
    assert.deepEqual(
      start!.inputs!.map((d) => `${d.namespace} ${d.name}`),
      ['plinth datasets/d1', 's3://b t'],
    );
    assert.equal(validateRunEvent(start).ok, true);
  });
});
