// One owner per node type (#13): every Cypher CREATE or MERGE of a node label in the source lies in the
// subgraph that owns the label, or in domain/ (services the owning subgraph uses too) or lib/. A second
// writer elsewhere (OpenLineage ingest once MERGEd DatasetVersions of its own beside assets' writer) fails
// here, naming the file. Reads the sources as text (scripts/ too: the seed writes the demo enterprise):
// `(CREATE|MERGE) (x:Label` and `(x:${Label.Label}`, the node a statement names first. A label written
// through any other `${...}` (a variable) must be listed in VARIABLE with the labels it can be, which are
// then checked like the others; an unlisted one fails, so a second writer cannot hide behind a variable
// (OpenLineage ingest once MERGEd Dataset and Job nodes through `${label}`).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { knowledgeLabels } from '../lib/graph/ontology.js';

const root = join(import.meta.dirname, '..');
const AREAS = ['subgraphs', 'workflows', 'domain', 'lib', 'gateway', 'scripts'];

/** The subgraph (or lib, for the audit trail; graph-schema, for orgs) that owns each node label written anywhere. */
const OWNER: Record<string, string> = {
  Dataset: 'assets',
  DatasetVersion: 'assets',
  Recipe: 'assets',
  ...Object.fromEntries(knowledgeLabels.map((label) => [label, 'knowledge'])),
  LabelingProject: 'assets',
  LabelTask: 'assets',
  LabelSnapshot: 'assets',
  Annotation: 'assets',
  Suggestion: 'assets',
  PreAnnotationRun: 'assets',
  ActiveLearningRun: 'assets',
  Model: 'models',
  ModelVersion: 'models',
  TrainingRun: 'models',
  Evaluation: 'models',
  AutoMLStudy: 'models',
  Service: 'serving',
  Deployment: 'serving',
  DeploymentRequest: 'serving',
  Cluster: 'compute',
  Node: 'compute',
  EdgeNode: 'compute',
  Accelerator: 'compute',
  LineageRun: 'lineage',
  // OpenLineage's jobs (namespace/name, RUN_OF from a LineageRun): only lineage ingest makes them; a
  // TrainingRun is Plinth's own record of a training, owned by models, and is not a Job.
  Job: 'lineage',
  KnowledgeBase: 'knowledge',
  // The org tree is platform set-up: graph-schema's migrations make HQ and the branches (no subgraph writes it).
  Org: 'graph-schema',
  AuditEvent: 'lib',
  AuditChain: 'lib',
};

/**
 * Second writers still there, each with why; the test fails when one goes, so that this list shrinks.
 * User nodes stand for Keycloak identities: every writer MERGEs `{id: sub}` with the username on first
 * mention, the same two properties, so they have no owner among the subgraphs.
 */
const KNOWN: { label: string; file: string; why: string }[] = [
  {
    label: 'Org',
    file: 'scripts/seed/index.ts',
    why: 'the demo enterprise: the migrations make HQ and the branches, the seed the city units below them',
  },
  {
    label: 'Deployment',
    file: 'scripts/seed/index.ts',
    why: "the demo's deployments by fixed id with their SERVES/RUNS_ON/ROUTES_TO edges; the serving subgraph's writer (deployment-store) makes them only through a deployment request's workflow",
  },
];

/**
 * Writes through a variable label (`${expr}` other than `${Label.X}`): the file, the expression, and every
 * label it can hold, each then checked against OWNER like a literal one.
 */
const VARIABLE: { file: string; expr: string; labels: readonly string[] }[] = [
  // The knowledge base importer MERGEs each knowledge label in turn (mergeNodes).
  { file: 'subgraphs/knowledge/kb/import.ts', expr: 'label', labels: knowledgeLabels },
];

const WRITE = /\b(?:CREATE|MERGE)\s*\(\w*:(?:\$\{\s*([^}]*?)\s*\}|([A-Z]\w*))/g;

/** A write through a variable label that VARIABLE does not list: its file and expression. */
interface Unresolved {
  file: string;
  expr: string;
}

function* sources(dir: string): Generator<string> {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== 'node_modules') yield* sources(path);
    } else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts')) yield path;
  }
}

/** label → the files that CREATE or MERGE it, and the variable-label writes no entry of VARIABLE resolves. */
function writers(): { found: Map<string, Set<string>>; unresolved: Unresolved[] } {
  const found = new Map<string, Set<string>>();
  const unresolved: Unresolved[] = [];
  const add = (label: string, file: string): void => {
    const files = found.get(label) ?? new Set<string>();
    files.add(file);
    found.set(label, files);
  };
  for (const area of AREAS)
    for (const path of sources(join(root, area))) {
      const file = relative(root, path);
      for (const m of readFileSync(path, 'utf8').matchAll(WRITE)) {
        const [, expr, literal] = m;
        if (literal !== undefined) add(literal, file);
        else if (/^Label\.\w+$/.test(expr!)) add(expr!.slice('Label.'.length), file);
        else {
          const variable = VARIABLE.find((v) => v.file === file && v.expr === expr);
          if (variable) for (const label of variable.labels) add(label, file);
          else unresolved.push({ file, expr: expr! });
        }
      }
    }
  return { found, unresolved };
}

const mayWrite = (file: string, owner: string): boolean =>
  file.startsWith('domain/') ||
  file.startsWith(owner === 'lib' || owner === 'graph-schema' ? `${owner}/` : `subgraphs/${owner}/`);

test('every node label is written only by its owning subgraph, domain/ or lib/', () => {
  const { found } = writers();
  assert.ok((found.get('DatasetVersion')?.size ?? 0) > 0, 'the scan finds the DatasetVersion writer');
  const problems: string[] = [];
  for (const [label, files] of found) {
    if (label === 'User') continue;
    const owner = OWNER[label];
    if (!owner) {
      problems.push(`${label} is written by ${[...files].join(', ')} but has no owner in OWNER: name it`);
      continue;
    }
    for (const file of files)
      if (!mayWrite(file, owner) && !KNOWN.some((k) => k.label === label && k.file === file))
        problems.push(`${file} writes ${label}, which the ${owner} subgraph owns: go through its domain/ store`);
  }
  assert.deepEqual(problems, []);
});

test('every write through a variable label is resolved to the labels it can hold', () => {
  const { unresolved } = writers();
  assert.deepEqual(
    unresolved.map(
      ({ file, expr }) => `${file} writes through \`\${${expr}}\`: write \`\${Label.X}\` or list it in VARIABLE`,
    ),
    [],
  );
});

test('the scan sees a write through a variable label', () => {
  const text = 'await tx.run(`MATCH (o:Org) MERGE (n:${label} {id: $id})`); CREATE (d:${Label.Dataset} {id: $d})';
  assert.deepEqual(
    [...text.matchAll(WRITE)].map(([, expr, literal]) => expr ?? literal),
    ['label', 'Label.Dataset'],
  );
});

test('each variable-label writer is still there (take it off VARIABLE once it goes)', () => {
  for (const v of VARIABLE) {
    const text = readFileSync(join(root, v.file), 'utf8');
    assert.ok(
      [...text.matchAll(WRITE)].some(([, expr]) => expr === v.expr),
      `${v.file} no longer writes through \`\${${v.expr}}\``,
    );
  }
});

test('each known second writer is still there (take it off KNOWN once it goes)', () => {
  const { found } = writers();
  for (const k of KNOWN) assert.ok(found.get(k.label)?.has(k.file), `${k.file} no longer writes ${k.label}`);
});
