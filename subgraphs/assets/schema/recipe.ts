// Recipes through GraphQL: runRecipe checks the request and starts recipeWorkflow (workflows/recipe);
// recipeRun reads the run back (status, the error a user can act on, the version it produced);
// DatasetVersion.recipe shows the steps and SQL that derived a version.
import { builder } from '../builder.js';
import { load } from '../repository/loaders.js';
import { DatasetVersionStore } from '../repository/dataset-version-store.js';
import { DatasetVersionRef } from './dataset-version.js';
import { badInput } from '../../../lib/subgraph/errors.js';
import { controlCharacterProblem } from '../../../lib/subgraph/validate.js';
import { parseSteps, RecipeError } from '../../../domain/datasets/recipe/steps.js';
import { assertMayAddDatasetVersion } from '../../../domain/datasets/versions.js';
import { endedWithoutOutcome, startRecipe } from '../../../domain/recipe/client.js';
import { assertRecipeRunnable } from '../../../domain/recipe/check.js';
import { recipeOfVersion, visibleRecipeByWorkflowId, type RecipeRecord } from '../../../domain/recipe/store.js';

const RecipeStatus = builder.enumType('RecipeStatus', { values: ['RUNNING', 'SUCCEEDED', 'FAILED'] as const });

/** A run as answered: a run Temporal ended without an outcome in the graph reads as FAILED, with why. */
type RecipeView = RecipeRecord & { ended?: string | null };

const RecipeRef = builder.objectRef<RecipeView>('Recipe').implement({
  description:
    'One run of a data recipe: its declarative steps, the DuckDB SQL they compiled to, its inputs and the version it produced.',
  fields: (t) => ({
    id: t.exposeID('id'),
    name: t.exposeString('name'),
    steps: t.field({ type: 'JSON', resolve: (r) => JSON.parse(r.steps) as unknown }),
    sql: t.exposeString('sql', {
      nullable: true,
      description: 'The one SELECT the steps compiled to (over views input, input2, …); null until it ran.',
    }),
    status: t.field({
      type: RecipeStatus,
      resolve: (r) => (r.ended ? 'FAILED' : r.status),
    }),
    error: t.string({
      nullable: true,
      description: 'Why the run failed, naming the step, column or refused statement.',
      resolve: (r) => r.error ?? r.ended ?? null,
    }),
    workflowId: t.exposeString('workflowId'),
    runId: t.exposeString('runId', { nullable: true }),
    createdBy: t.exposeString('createdBy'),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    endedAt: t.expose('endedAt', { type: 'DateTime', nullable: true }),
    inputs: t.field({
      type: [DatasetVersionRef],
      description: 'The input versions you may see, in order (input, input2, …).',
      resolve: async (r, _args, ctx) => {
        const found = await new DatasetVersionStore(ctx.driver).byIds(ctx.identity, r.inputs);
        return r.inputs.flatMap((id) => found.filter((v) => v.id === id));
      },
    }),
    version: t.field({
      type: DatasetVersionRef,
      nullable: true,
      description: 'The derived version, once the run succeeded.',
      resolve: (r, _args, ctx) => (r.versionId ? load.datasetVersion(ctx, r.versionId) : null),
    }),
  }),
});

builder.objectField(DatasetVersionRef, 'recipe', (t) =>
  t.field({
    type: RecipeRef,
    nullable: true,
    description: 'The recipe run that derived this version (steps and SQL); null for an upload or import.',
    resolve: (v, _args, ctx) => (v.recipeId ? recipeOfVersion(ctx.driver, v.id) : null),
  }),
);

const RunRecipeInput = builder.inputType('RunRecipeInput', {
  fields: (t) => ({
    inputs: t.idList({
      required: true,
      description: 'Input versions: the first is `input` in SQL and the one steps work on, then input2, input3, …',
    }),
    steps: t.field({
      type: 'JSON',
      required: true,
      description:
        'A list of steps, each {"op": …}: deduplicate {columns?}, filter {column, operator (eq ne lt le gt ge in not_in is_null not_null), value}, impute {column, strategy (mean median mode constant), value?}, cast {column, type}, oneHot {column, maxCategories}, bucketize {column, boundaries, as?}, dateParts {column, parts (year month day dow hour)}, join {version, on, how (inner left)}, split {testFraction, seed}, sql {query: one SELECT over input, input2, …}.',
    }),
    targetDatasetId: t.id({ required: true, description: 'A dataset your org owns; the result is its next version.' }),
    name: t.string({ description: 'A name for the run (default: "recipe").' }),
  }),
});

const RunRecipePayload = builder.objectRef<{ workflowId: string; recipeId: string }>('RunRecipePayload').implement({
  fields: (t) => ({
    workflowId: t.exposeString('workflowId', { description: 'Poll recipeRun(workflowId) for the outcome.' }),
    recipeId: t.exposeID('recipeId'),
  }),
});

builder.mutationField('runRecipe', (t) =>
  t.field({
    type: RunRecipePayload,
    description:
      'Derives a new version of the target dataset from input versions by a recipe, in a durable workflow run in a DuckDB sandbox. Data scientists only.',
    authScopes: { role: 'data-scientist' },
    args: { input: t.arg({ type: RunRecipeInput, required: true }) },
    resolve: async (_root, { input }, ctx) => {
      const inputs = input.inputs;
      if (inputs.length === 0 || inputs.length > 10) throw badInput('inputs must list 1 to 10 versions', 'inputs');
      if (new Set(inputs).size !== inputs.length) throw badInput('inputs lists a version twice', 'inputs');
      const name = (input.name ?? 'recipe').trim();
      if (name.length === 0 || name.length > 200) throw badInput('name must be 1 to 200 characters', 'name');
      const control = controlCharacterProblem(name, 'name');
      if (control) throw badInput(control, 'name');
      let steps;
      try {
        steps = parseSteps(input.steps);
      } catch (error) {
        if (error instanceof RecipeError) throw badInput(error.message, 'steps');
        throw error;
      }
      const targetDatasetId = input.targetDatasetId;
      await assertMayAddDatasetVersion(ctx.driver, ctx.identity, targetDatasetId);
      // Inputs and join versions visible and held, steps compiled against the recorded schemas: a bad
      // recipe is refused here, before a Recipe node or a workflow exists.
      await assertRecipeRunnable(ctx.driver, ctx.identity, inputs, steps);
      const { sub, username, org } = ctx.identity;
      return startRecipe(ctx.driver, { name, inputs, steps, targetDatasetId, requestedBy: { sub, username, org } });
    },
  }),
);

builder.queryField('recipeRun', (t) =>
  t.field({
    type: RecipeRef,
    nullable: true,
    description: "A recipe run by its workflow id, if its target dataset's org rule lets you see it.",
    authScopes: { authenticated: true },
    args: { workflowId: t.arg.string({ required: true }) },
    resolve: async (_root, { workflowId }, ctx) => {
      const recipe = await visibleRecipeByWorkflowId(ctx.driver, ctx.identity, workflowId);
      if (!recipe) return null;
      return { ...recipe, ended: await endedWithoutOutcome(recipe) };
    },
  }),
);
