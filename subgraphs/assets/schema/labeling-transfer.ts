// Label import and export through GraphQL (SNAP): Label Studio JSON, COCO, YOLO and CSV as one string
// each way (domain/labeling/formats). An import is checked whole before anything is written and then
// written in one transaction, attributed to the importing user.
import { GraphQLError } from 'graphql';
import { builder } from '../builder.js';
import { IntegrityError } from '../../../domain/datasets/integrity.js';
import { LABEL_FORMATS } from '../../../domain/labeling/formats/index.js';
import { exportLabels, importLabels, type LabelImportResult } from '../../../domain/labeling/transfer.js';

const LabelFormatEnum = builder.enumType('LabelFormat', {
  description:
    'LABEL_STUDIO: the JSON task list Label Studio exports and imports (choices, rectanglelabels in percent, labels with UTF-16 offsets; data.item names the item). COCO: {images, annotations, categories}, pixel bbox [x, y, w, h] (boxes) or one category per image (classes). YOLO (boxes): a JSON object {"format": "yolo", "classes": [...], "files": {"<image path minus extension>.txt": "class cx cy w h\\n..."}}. CSV: item,label (classes) or item,value_json (boxes, spans), plus an annotator column when every annotation is exported.',
  values: LABEL_FORMATS,
});

const LabelImportResultRef = builder.objectRef<LabelImportResult>('LabelImportResult').implement({
  description: 'What an import wrote: annotations by the importing user, marked imported.',
  fields: (t) => ({
    projectId: t.exposeID('projectId'),
    imported: t.exposeInt('imported', { description: 'Annotations written, one per item in the file.' }),
    replaced: t.exposeInt('replaced', {
      description: 'Of those, how many replaced your earlier annotation of the task.',
    }),
    nowInReview: t.exposeInt('nowInReview', {
      description: "Tasks that reached the project's overlap and went to review.",
    }),
    ignoredFields: t.exposeStringList('ignoredFields', {
      description:
        "Fields of the file read past and not stored: who annotated in the other tool (CSV annotator, Label Studio annotations[].completed_by / created_username) is not kept; every imported annotation is the importer's, who becomes an assignee of the task within the project's overlap.",
    }),
  }),
});

const integrity = (error: unknown): unknown =>
  error instanceof IntegrityError
    ? new GraphQLError(error.message, {
        extensions: { code: 'DATA_INTEGRITY', versionId: error.versionId, integrity: error.integrity },
      })
    : error;

builder.queryField('exportLabels', (t) =>
  t.string({
    description:
      "A project's labels in one format: the accepted values (one per item), or with all: true every annotator's latest annotation (LABEL_STUDIO and CSV only). Data scientists and platform admins of the project's org.",
    authScopes: { role: 'data-scientist' },
    args: {
      projectId: t.arg.id({ required: true }),
      format: t.arg({ type: LabelFormatEnum, required: true }),
      all: t.arg.boolean({
        defaultValue: false,
        description: "Every annotator's latest instead of the accepted values.",
      }),
    },
    resolve: async (_root, { projectId, format, all }, ctx) => {
      try {
        return await exportLabels(ctx.driver, ctx.identity, projectId, format, all ?? false);
      } catch (error) {
        throw integrity(error);
      }
    },
  }),
);

builder.mutationField('importLabels', (t) =>
  t.field({
    type: LabelImportResultRef,
    description:
      "Imports labels as your annotations (marked imported), one per item. The whole file is checked first (JSON, fields, labels, items, boxes inside the image, spans inside the text, no accepted task); a problem is a BAD_USER_INPUT naming the place in the file, and nothing is written. Data scientists and platform admins of the project's org.",
    authScopes: { role: 'data-scientist' },
    args: {
      projectId: t.arg.id({ required: true }),
      format: t.arg({ type: LabelFormatEnum, required: true }),
      content: t.arg.string({ required: true, description: 'The file, as text.' }),
    },
    resolve: (_root, { projectId, format, content }, ctx) =>
      importLabels(ctx.driver, ctx.identity, projectId, format, content),
  }),
);
