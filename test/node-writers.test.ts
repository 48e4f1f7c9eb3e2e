// One owner per node type (#13): every Cypher CREATE or MERGE of a node label in the source lies in the
// subgraph that owns the label, or in domain/ (services the owning subgraph uses too) or lib/. A second
// writer elsewhere (OpenLineage ingest once MERGEd DatasetVersions of its own beside assets' writer) fails
// here, naming the file. Reads the sources as text: `(CREATE|MERGE) (x:Label` and `(x:${Label.Label}`,
// the node a statement names first; a label written through a variable label is not seen.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';

const root = join(import.meta.dirname, '..');
const AREAS = ['subgraphs', 'workflows', 'domain', 'lib', 'gateway'];

/** The subgraph (or lib, for the audit trail) that owns each node label written anywhere. */
const OWNER: Record<string, string> = {
  Dataset: 'assets',
  DatasetVersion: 'assets',
  Recipe: 'assets',
  Step: 'knowledge',
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
  KnowledgeBase: 'knowledge',
  AuditEvent: 'lib',
  AuditChain: 'lib',
};

/**
 * Second writers still there, each with why; the test fails when one goes, so that this list shrinks.
 * User nodes stand for Keycloak identities: every writer MERGEs `{id: sub}` with the username on first
 * mention, the same two properties, so they have no owner among the subgraphs.
 */
const KNOWN: { label: string; file: string; why: string }[] = [];

const WRITE = /\b(?:CREATE|MERGE)\s*\(\w*:(?:\$\{Label\.(\w+)\}|([A-Z]\w*))/g;

function* sources(dir: string): Generator<string> {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== 'node_modules') yield* sources(path);
    } else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts')) yield path;
  }
}

/** label → the files that CREATE or MERGE it. */
function writers(): Map<string, Set<string>> {
  const found = new Map<string, Set<string>>();
  for (const area of AREAS)
    for (const path of sources(join(root, area))) {
      for (const m of readFileSync(path, 'utf8').matchAll(WRITE)) {
        const label = (m[1] ?? m[2])!;
        const files = found.get(label) ?? new Set<string>();
        files.add(relative(root, path));
        found.set(label, files);
      }
    }
  return found;
}

const mayWrite = (file: string, owner: string): boolean =>
  file.startsWith('domain/') || file.startsWith(owner === 'lib' ? 'lib/' : `subgraphs/${owner}/`);

test('every node label is written only by its owning subgraph, domain/ or lib/', () => {
  const found = writers();
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

test('each known second writer is still there (take it off KNOWN once it goes)', () => {
  const found = writers();
  for (const k of KNOWN) assert.ok(found.get(k.label)?.has(k.file), `${k.file} no longer writes ${k.label}`);
});
