// Pre-annotation through GraphQL: preAnnotate checks the request (a project the caller manages, a
// service whose deployed model fits its task type: a text detector for boxes, a classifier for classes) and starts
// preAnnotationWorkflow (workflows/labeling/pre-annotate); preAnnotationRun and
// LabelingProject.preAnnotationRuns read a run back: counts done and failed, each failed item's error.
import { builder } from '../builder.js';
import { badInput, forbidden, notFound } from '../../../lib/subgraph/errors.js';
import { viewerManages } from '../../../domain/labeling/store.js';
import { DETECTOR_TASK, PreAnnotationModelError, serviceModel } from '../../../domain/labeling/pre-annotate-model.js';
import { preRunEndedWithoutOutcome, startPreAnnotation } from '../../../domain/labeling/pre-annotate-client.js';
import { preRunsOfProject, visiblePreRun, type PreRunRecord } from '../../../domain/labeling/pre-annotate-runs.js';
import { LabelingProjectRef, loadProject } from './labeling-project.js';

type RunView = PreRunRecord & { ended?: string | null };

const withEnded = async (run: PreRunRecord): Promise<RunView> => ({
  ...run,
  ended: await preRunEndedWithoutOutcome(run),
});

const Status = builder.enumType('PreAnnotationStatus', { values: ['RUNNING', 'SUCCEEDED', 'FAILED'] as const });

const FailureRef = builder
  .objectRef<{ taskId: string; item: string; error: string }>('PreAnnotationFailure')
  .implement({
    description: 'A task the model could not pre-annotate, and why (an unreadable or damaged image).',
    fields: (t) => ({
      taskId: t.exposeID('taskId'),
      item: t.exposeString('item'),
      error: t.exposeString('error'),
    }),
  });

const RunRef = builder.objectRef<RunView>('PreAnnotationRun').implement({
  description:
    "A run of a deployed model over a labeling project's open tasks, a durable workflow: each task gets the model's suggestion (replacing an earlier one) with its confidence.",
  fields: (t) => ({
    id: t.exposeID('id'),
    projectId: t.exposeID('projectId'),
    serviceId: t.exposeID('serviceId', { description: 'The service whose deployed model made the suggestions.' }),
    modelVersionId: t.exposeID('modelVersionId', {
      nullable: true,
      description: 'The model version that ran (known once the run has planned).',
    }),
    workflowId: t.exposeString('workflowId'),
    runId: t.exposeString('runId', { nullable: true }),
    status: t.field({ type: Status, resolve: (r) => (r.ended ? 'FAILED' : r.status) }),
    total: t.exposeInt('total', { nullable: true, description: 'Open tasks the run covers (known once planned).' }),
    done: t.exposeInt('done', { description: 'Tasks that got a suggestion so far.' }),
    failed: t.int({ description: 'Tasks the model could not pre-annotate.', resolve: (r) => r.failedCount }),
    failures: t.field({
      type: [FailureRef],
      description: 'The failed tasks with their errors (the first 200).',
      resolve: (r) => r.failures,
    }),
    error: t.string({
      nullable: true,
      description: 'Why the run failed, as a person can act on it.',
      resolve: (r) => r.error ?? r.ended ?? null,
    }),
    createdBy: t.exposeString('createdBy'),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    endedAt: t.expose('endedAt', { type: 'DateTime', nullable: true }),
  }),
});

builder.objectField(LabelingProjectRef, 'preAnnotationRuns', (t) =>
  t.field({
    type: [RunRef],
    description: 'Pre-annotation runs of this project, newest first (the last 20).',
    resolve: async (p, _args, ctx) =>
      Promise.all((await preRunsOfProject(ctx.driver, ctx.identity, p.id)).map(withEnded)),
  }),
);

builder.queryField('preAnnotationRun', (t) =>
  t.field({
    type: RunRef,
    nullable: true,
    description: 'A pre-annotation run of a project the caller sees.',
    authScopes: { authenticated: true },
    args: { id: t.arg.id({ required: true }) },
    resolve: async (_root, { id }, ctx) => {
      const run = await visiblePreRun(ctx.driver, ctx.identity, id);
      return run ? withEnded(run) : null;
    },
  }),
);

builder.mutationField('preAnnotate', (t) =>
  t.field({
    type: RunRef,
    description:
      "Pre-annotates a project's open tasks with a service's deployed model: a BOUNDING_BOX project with a text detector (an OCR_PIPELINE service's PP-OCRv4 detector, or a MODEL service routed to an ocr-detection model), an IMAGE_ or TEXT_CLASSIFICATION project with a classifier whose inputs Plinth can build (px0..px63, file, width, height of an image; a table row's columns). A compute workflow writes each task's suggestion with its confidence. Data scientists and platform admins of the project's org.",
    authScopes: { anyRole: ['data-scientist', 'platform-admin'] },
    args: {
      projectId: t.arg.id({ required: true }),
      serviceId: t.arg.id({ required: true }),
    },
    resolve: async (_root, args, ctx) => {
      const projectId = args.projectId;
      const serviceId = args.serviceId;
      const project = await loadProject(ctx, projectId);
      if (!project) throw notFound(`labeling project ${projectId} not found`, 'projectId');
      if (!(await viewerManages(ctx.driver, ctx.identity, project)))
        throw forbidden(`${ctx.identity.username} may not pre-annotate project ${project.name}: only its owners may`);
      if (project.status !== 'ACTIVE') throw badInput(`labeling project ${project.name} is archived`, 'projectId');
      if (project.taskType === 'ENTITY_SPAN')
        throw badInput(
          `labeling project ${project.name} is ENTITY_SPAN: pre-annotation runs text detectors (BOUNDING_BOX) and classifiers (IMAGE_ and TEXT_CLASSIFICATION)`,
          'projectId',
        );
      let model;
      try {
        model = await serviceModel(ctx.driver, ctx.identity, serviceId);
      } catch (error) {
        if (error instanceof PreAnnotationModelError) throw badInput(error.message, 'serviceId');
        throw error;
      }
      if (!model) throw notFound(`service ${serviceId} not found`, 'serviceId');
      const detector = model.modelTask === DETECTOR_TASK;
      if (detector !== (project.taskType === 'BOUNDING_BOX'))
        throw badInput(
          detector
            ? `service ${model.serviceName} runs a text detector, which suggests boxes; project ${project.name} is ${project.taskType}: use a classifier's service`
            : `service ${model.serviceName} serves a model with task "${model.modelTask}", not a text detector (${DETECTOR_TASK}), which a BOUNDING_BOX project needs`,
          'serviceId',
        );
      const preRunId = await startPreAnnotation(ctx.driver, ctx.identity, projectId, serviceId);
      const run = await visiblePreRun(ctx.driver, ctx.identity, preRunId);
      return withEnded(run!);
    },
  }),
);
