// Agreement and accepted snapshots through GraphQL (SNAP): LabelingProject.agreement and
// LabelTask.agreement (domain/labeling/agreement.ts), LabelingProject.snapshots, and
// acceptLabelSnapshot, which turns the accepted labels into an immutable version of the project's label
// dataset with annotators and reviewers as PROV agents (domain/labeling/snapshot.ts).
import { GraphQLError } from 'graphql';
import { builder } from '../builder.js';
import { load } from '../repository/loaders.js';
import { config } from '../../../lib/config.js';
import { Label, Rel } from '../../../lib/graph/ontology.js';
import { IntegrityError } from '../../../domain/datasets/integrity.js';
import { projectAgreement, taskAgreement, type AgreementFigure } from '../../../domain/labeling/agreement.js';
import type { LabelValue } from '../../../domain/labeling/formats/shared.js';
import { projectTasks } from '../../../domain/labeling/project-read.js';
import { viewerManages } from '../../../domain/labeling/store.js';
import { acceptLabelSnapshot, projectSnapshots, type LabelSnapshotRecord } from '../../../domain/labeling/snapshot.js';
import { DatasetVersionRef } from './dataset-version.js';
import { LabelingProjectRef, loadProject } from './labeling-project.js';
import { LabelTaskRef } from './labeling-task.js';

const AgreementMeasureEnum = builder.enumType('LabelAgreementMeasure', {
  description:
    'COHEN_KAPPA (classes, exactly two annotators), FLEISS_KAPPA (classes, more annotators; a varying number per task allowed), MEAN_IOU (boxes: mean pairwise IoU, same-label boxes matched greedily, a missed box counting 0), SPAN_F1 (entity spans: mean pairwise F1 of exact matches).',
  values: ['COHEN_KAPPA', 'FLEISS_KAPPA', 'MEAN_IOU', 'SPAN_F1'] as const,
});

const LabelAgreementRef = builder.objectRef<AgreementFigure>('LabelAgreement').implement({
  description: "Inter-annotator agreement over a project's tasks that have at least two annotations.",
  fields: (t) => ({
    measure: t.field({ type: AgreementMeasureEnum, resolve: (a) => a.measure }),
    value: t.exposeFloat('value', {
      nullable: true,
      description:
        'The figure; null while no task has two annotations, or when kappa is undefined (every rating in one class).',
    }),
    tasksCompared: t.exposeInt('tasksCompared', { description: 'Tasks with at least two annotations.' }),
    pairs: t.exposeInt('pairs', { description: 'Annotator pairs compared over those tasks.' }),
  }),
});

const LabelSnapshotRef = builder.objectRef<LabelSnapshotRecord>('LabelSnapshot').implement({
  description:
    "An accepted snapshot of a project's labels: a PROV activity that USED the source version, ASSOCIATED_WITH its annotators and reviewers, and produced a version of the label dataset.",
  fields: (t) => ({
    id: t.exposeID('id'),
    version: t.field({
      type: DatasetVersionRef,
      description: 'The label version it produced (a CSV training reads), DERIVED_FROM the source version.',
      resolve: async (s, _args, ctx) => {
        const version = await load.datasetVersion(ctx, s.versionId);
        if (!version) throw new Error(`label version ${s.versionId} of snapshot ${s.id} is not visible`);
        return version;
      },
    }),
    taskCount: t.exposeInt('taskCount', { description: 'Accepted tasks in it (rows of the version).' }),
    annotators: t.exposeStringList('annotators', {
      description: 'Everyone whose annotations the accepted tasks hold.',
    }),
    reviewers: t.exposeStringList('reviewers', { description: 'Everyone who accepted or fixed a task in it.' }),
    agreement: t.field({
      type: LabelAgreementRef,
      description: "The annotators' agreement over its tasks, as it was when the snapshot was taken.",
      resolve: (s) => JSON.parse(s.agreement) as AgreementFigure,
    }),
    createdBy: t.exposeString('createdBy'),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
  }),
});

builder.objectFields(LabelingProjectRef, (t) => ({
  agreement: t.field({
    type: LabelAgreementRef,
    description:
      'Agreement between annotators over the tasks with at least two annotations. Owners and reviewers only: for anyone else the value is null and nothing is counted (tasksCompared and pairs 0), since watching it change after each submission would tell an annotator whether the others agreed with them.',
    resolve: async (p, _args, ctx) => {
      if (!(await viewerManages(ctx.driver, ctx.identity, p)))
        return { ...projectAgreement(p.taskType, []), value: null, tasksCompared: 0, pairs: 0 };
      const tasks = await projectTasks(ctx.driver, p.id);
      return projectAgreement(
        p.taskType,
        tasks.map((task) => ({ taskId: task.id, annotations: task.annotations })),
      );
    },
  }),
  snapshots: t.field({
    type: [LabelSnapshotRef],
    description: 'Accepted snapshots of the labels, newest first.',
    resolve: (p, _args, ctx) => projectSnapshots(ctx.driver, p.id),
  }),
}));

builder.objectField(LabelTaskRef, 'agreement', (t) =>
  t.float({
    nullable: true,
    description:
      "Agreement of this task's annotations: the share of annotator pairs choosing the same class, the mean pairwise box IoU, or the mean pairwise span F1; null with fewer than two, and for anyone but the project's owners and reviewers.",
    resolve: async (task, _args, ctx) => {
      const project = await loadProject(ctx, task.projectId);
      // An annotator sees only their own annotation; whether others agreed with it is the reviewers' to see.
      if (!project || !(await viewerManages(ctx.driver, ctx.identity, project))) return null;
      const values = await ctx.loaders.load('LabelTaskAnnotationValues', task.id, async (ids) => {
        const { records } = await ctx.driver.executeQuery(
          `UNWIND $ids AS id
           OPTIONAL MATCH (a:${Label.Annotation})-[:${Rel.ANNOTATES}]->(:${Label.LabelTask} {id: id})
           RETURN id, collect(a.value) AS values`,
          { ids: [...ids] },
          { database: config.neo4j.database, routing: 'READ' },
        );
        const byId = new Map(records.map((r) => [r.get('id') as string, r.get('values') as string[]]));
        return ids.map((id) => (byId.get(id) ?? []).map((v) => JSON.parse(v) as LabelValue));
      });
      return taskAgreement(project.taskType, values);
    },
  }),
);

builder.mutationField('acceptLabelSnapshot', (t) =>
  t.field({
    type: LabelSnapshotRef,
    description:
      "Turns the project's accepted labels into a new immutable version of its label dataset (a CSV: the source's columns plus label or labels_json; for images file,label,px0..px63 or file,width,height,boxes_json), DERIVED_FROM the source, with annotators and reviewers as PROV agents. Refused when nothing is accepted or the accepted labels are unchanged since the last snapshot. Data scientists and platform admins of the project's org.",
    authScopes: { role: 'data-scientist' },
    args: { projectId: t.arg.id({ required: true }) },
    resolve: async (_root, { projectId }, ctx) => {
      try {
        return (await acceptLabelSnapshot(ctx.driver, ctx.identity, projectId)).snapshot;
      } catch (error) {
        if (error instanceof IntegrityError)
          throw new GraphQLError(error.message, {
            extensions: { code: 'DATA_INTEGRITY', versionId: error.versionId, integrity: error.integrity },
          });
        throw error;
      }
    },
  }),
);
