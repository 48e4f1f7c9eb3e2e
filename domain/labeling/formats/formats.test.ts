// Each format: export → parse gives back the same (item, value) pairs; malformed files are refused
// naming the place and the problem.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { canonicalValue, LabelFormatError, parseLabels, serializeLabels, type LabelFormat } from './index.js';
import type { ExportRecord, FormatItem, FormatProject, LabelTaskType, LabelValue } from './shared.js';

const labels = [
  { value: 'cat', name: '猫' },
  { value: 'dog', name: '狗' },
];
const project = (taskType: LabelTaskType): FormatProject => ({ name: 'p', taskType, labels });
const images: FormatItem[] = [
  { taskId: 't1', item: 'img/a.png', width: 640, height: 480 },
  { taskId: 't2', item: 'img/b.jpg', width: 100, height: 300 },
  { taskId: 't3', item: 'c.png', width: 37, height: 59 },
];
const texts: FormatItem[] = [
  { taskId: 'u1', item: '0', text: 'Zhang San met 李四, "at" Beijing,\nagain' },
  { taskId: 'u2', item: '1', text: 'nothing here' },
];

function roundTrip(format: LabelFormat, taskType: LabelTaskType, items: FormatItem[], values: LabelValue[]) {
  const p = project(taskType);
  const records: ExportRecord[] = values.map((value, i) => ({ item: items[i]!, value }));
  const text = serializeLabels(format, p, records, false);
  const back = parseLabels(format, p, text, items);
  const norm = (item: string, v: LabelValue) => [item, canonicalValue(taskType, v)];
  assert.deepEqual(
    back.map((l) => norm(l.item, l.value)),
    records.map((r) => norm(r.item.item, r.value)),
    `${format} ${taskType}`,
  );
  return text;
}

const boxes: LabelValue[] = [
  {
    boxes: [
      { label: 'cat', x: 0.1, y: 0.2, w: 0.3, h: 0.05 },
      { label: 'dog', x: 0.5, y: 0.5, w: 0.5, h: 0.5 },
    ],
  },
  { boxes: [] },
  { boxes: [{ label: 'dog', x: 1 / 37, y: 3 / 59, w: 10 / 37, h: 7 / 59 }] },
];

test('every format round-trips the task types it holds', () => {
  for (const format of ['LABEL_STUDIO', 'COCO', 'CSV'] as const)
    roundTrip(format, 'IMAGE_CLASSIFICATION', images, [{ label: 'cat' }, { label: 'dog' }, { label: 'cat' }]);
  for (const format of ['LABEL_STUDIO', 'COCO', 'YOLO', 'CSV'] as const)
    roundTrip(format, 'BOUNDING_BOX', images, boxes);
  for (const format of ['LABEL_STUDIO', 'CSV'] as const) {
    roundTrip(format, 'TEXT_CLASSIFICATION', texts, [{ label: 'dog' }, { label: 'cat' }]);
    roundTrip(format, 'ENTITY_SPAN', texts, [
      {
        spans: [
          { label: 'cat', start: 0, end: 9 },
          { label: 'dog', start: 14, end: 16 },
        ],
      },
      { spans: [] },
    ]);
  }
});

test("CSV export: a cell a spreadsheet would run as a formula gets OWASP's ' prefix; the import takes it off", () => {
  const odd: FormatItem[] = [
    { taskId: 'f1', item: '=HYPERLINK("http://x")', width: 10, height: 10 },
    { taskId: 'f2', item: "'@already.png", width: 10, height: 10 },
    { taskId: 'f3', item: 'plain.png', width: 10, height: 10 },
  ];
  const text = roundTrip('CSV', 'IMAGE_CLASSIFICATION', odd, [{ label: 'cat' }, { label: 'dog' }, { label: 'cat' }]);
  assert.deepEqual(text.trim().split('\n'), [
    'item,label',
    `"'=HYPERLINK(""http://x"")",cat`,
    "''@already.png,dog",
    'plain.png,cat',
  ]);
  const all = serializeLabels(
    'CSV',
    project('IMAGE_CLASSIFICATION'),
    [{ item: odd[2]!, value: { label: 'cat' }, annotator: '-x' }],
    true,
  );
  assert.match(all, /plain\.png,'-x,cat/);
});

test('Label Studio export has the shape Label Studio reads: percent boxes, choices, labels with text', () => {
  const ls = JSON.parse(
    serializeLabels(
      'LABEL_STUDIO',
      project('BOUNDING_BOX'),
      [{ item: images[0]!, value: boxes[0]!, annotator: 'annotator' }],
      false,
    ),
  );
  assert.equal(ls[0].data.image, '/api/labeling/tasks/t1/item');
  const r = ls[0].annotations[0].result[0];
  assert.equal(r.type, 'rectanglelabels');
  assert.deepEqual(r.value.rectanglelabels, ['cat']);
  assert.ok(Math.abs(r.value.x - 10) < 1e-9 && Math.abs(r.value.height - 5) < 1e-9);
  assert.equal(r.original_width, 640);
  const span = JSON.parse(
    serializeLabels(
      'LABEL_STUDIO',
      project('ENTITY_SPAN'),
      [{ item: texts[0]!, value: { spans: [{ label: 'dog', start: 14, end: 16 }] } }],
      false,
    ),
  )[0].annotations[0].result[0];
  assert.deepEqual(span.value, { start: 14, end: 16, labels: ['dog'], text: '李四' });
});

test('Label Studio import: found by image URL or base name without data.item; ground truth wins; differing annotations refused', () => {
  const p = project('IMAGE_CLASSIFICATION');
  const choice = (label: string, extra = {}) => ({
    result: [{ type: 'choices', value: { choices: [label] } }],
    ...extra,
  });
  const file = JSON.stringify([
    { data: { image: '/api/labeling/tasks/t2/item' }, annotations: [choice('dog')] },
    { data: { image: 's3://bucket/x/c.png' }, annotations: [choice('cat'), choice('dog', { ground_truth: true })] },
    { data: { image: 'img/a.png' }, annotations: [] },
  ]);
  assert.deepEqual(
    parseLabels('LABEL_STUDIO', p, file, images).map((l) => [l.item, l.value]),
    [
      ['img/b.jpg', { label: 'dog' }],
      ['c.png', { label: 'dog' }],
    ],
  );
  const split = JSON.stringify([{ data: { item: 'c.png' }, annotations: [choice('cat'), choice('dog')] }]);
  assert.throws(() => parseLabels('LABEL_STUDIO', p, split, images), /\[0\]\.annotations\[1\]: differs from/);
});

const bad: Array<[LabelFormat, LabelTaskType, string, RegExp]> = [
  ['LABEL_STUDIO', 'IMAGE_CLASSIFICATION', '[{"data":', /^the file: not valid JSON/],
  ['LABEL_STUDIO', 'IMAGE_CLASSIFICATION', '{"data":{}}', /must be a JSON list/],
  ['LABEL_STUDIO', 'IMAGE_CLASSIFICATION', '[{"annotations":[]}]', /^\[0\]\.data: missing field data/],
  ['LABEL_STUDIO', 'IMAGE_CLASSIFICATION', '[{"data":{"item":"c.png"}}]', /^\[0\]\.annotations: missing field/],
  [
    'LABEL_STUDIO',
    'IMAGE_CLASSIFICATION',
    '[{"data":{"item":"c.png"},"annotations":[{"result":[{"type":"choices","value":{"choices":["cow"]}}]}]}]',
    /^\[0\]\.annotations\[0\]\.result\[0\]\.value\.choices\[0\]: unknown label "cow"/,
  ],
  [
    'LABEL_STUDIO',
    'IMAGE_CLASSIFICATION',
    '[{"data":{"item":"nope.png"},"annotations":[]}]',
    /^\[0\]\.data\.item: unknown item "nope.png"/,
  ],
  [
    'LABEL_STUDIO',
    'BOUNDING_BOX',
    '[{"data":{"item":"c.png"},"annotations":[{"result":[{"type":"rectanglelabels","value":{"x":90,"y":0,"width":20,"height":5,"rectanglelabels":["cat"]}}]}]}]',
    /result\[0\]\.value: the box reaches past the image edge/,
  ],
  [
    'LABEL_STUDIO',
    'BOUNDING_BOX',
    '[{"data":{"item":"c.png"},"annotations":[{"result":[{"type":"rectanglelabels","value":{"x":10,"width":20,"height":5,"rectanglelabels":["cat"]}}]}]}]',
    /result\[0\]\.value\.y: missing or not a number/,
  ],
  [
    'LABEL_STUDIO',
    'ENTITY_SPAN',
    '[{"data":{"item":"1"},"annotations":[{"result":[{"type":"labels","value":{"start":0,"end":40,"labels":["cat"]}}]}]}]',
    /past the text's 12 characters/,
  ],
  ['COCO', 'BOUNDING_BOX', '{"images":[],"categories":[]}', /^annotations: missing field annotations/],
  [
    'COCO',
    'BOUNDING_BOX',
    '{"images":[{"id":1,"file_name":"c.png","width":37,"height":59}],"categories":[{"id":1,"name":"cat"}],"annotations":[{"image_id":1,"category_id":1,"bbox":[30,0,10,5]}]}',
    /^annotations\[0\]\.bbox: the box reaches past/,
  ],
  [
    'COCO',
    'BOUNDING_BOX',
    '{"images":[{"id":1,"file_name":"c.png","width":37,"height":59}],"categories":[{"id":1,"name":"cat"}],"annotations":[{"image_id":2,"category_id":1,"bbox":[0,0,1,1]}]}',
    /^annotations\[0\]\.image_id: no image has id 2/,
  ],
  ['COCO', 'ENTITY_SPAN', '{}', /^format: COCO holds IMAGE_CLASSIFICATION or BOUNDING_BOX labels/],
  [
    'YOLO',
    'BOUNDING_BOX',
    '{"classes":["cat"],"files":{"c.txt":"0 0.5 0.5 0.2"}}',
    /^files\["c.txt"\] line 1: 4 fields/,
  ],
  [
    'YOLO',
    'BOUNDING_BOX',
    '{"classes":["cat"],"files":{"c.txt":"\\n3 0.5 0.5 0.2 0.1"}}',
    /line 2: class 3 is not an index/,
  ],
  ['YOLO', 'BOUNDING_BOX', '{"classes":["cat","horse"],"files":{}}', /^classes\[1\]: unknown label "horse"/],
  // The width as written (2), not the x derived from it (0.5 - 2/2 = -0.5).
  [
    'YOLO',
    'BOUNDING_BOX',
    '{"classes":["cat"],"files":{"c.txt":"0 0.5 0.5 2 0.1"}}',
    /^files\["c.txt"\] line 1\.w: 2 is out of range/,
  ],
  [
    'CSV',
    'IMAGE_CLASSIFICATION',
    'file,label\nc.png,cat\n',
    /^line 1: the header must name the columns item and label/,
  ],
  ['CSV', 'IMAGE_CLASSIFICATION', 'item,label\nc.png,cat\nimg/a.png,cow\n', /^line 3 label: unknown label "cow"/],
  [
    'CSV',
    'IMAGE_CLASSIFICATION',
    'item,label\nc.png,cat\nc.png,dog\n',
    /^line 3: item "c.png" is labelled differently at line 2/,
  ],
  [
    'CSV',
    'BOUNDING_BOX',
    'item,value_json\nc.png,"{""boxes"":[{""label"":""cat"",""x"":-0.5,""y"":0,""w"":0.1,""h"":0.1}]}"\n',
    /^line 2 value_json boxes\[0\]\.x: -0\.5 is out of range/,
  ],
  [
    'CSV',
    'BOUNDING_BOX',
    'item,value_json\nc.png,"{""boxes"":[}"\n',
    /^line 2 value_json: value_json is not valid JSON/,
  ],
  ['CSV', 'IMAGE_CLASSIFICATION', 'item,label\n"c.png,cat\n', /^line 2: a quoted field is never closed/],
];

test('malformed imports: a LabelFormatError naming the place and the problem', () => {
  for (const [format, taskType, content, expected] of bad) {
    const items = taskType === 'ENTITY_SPAN' || taskType === 'TEXT_CLASSIFICATION' ? texts : images;
    assert.throws(
      () => parseLabels(format, project(taskType), content, items),
      (error: unknown) => error instanceof LabelFormatError && expected.test(error.message),
      `${format} ${content} should fail with ${expected}`,
    );
  }
});

test('COCO and YOLO refuse a box export without the image size, and the task types they do not hold', () => {
  assert.throws(
    () =>
      serializeLabels(
        'COCO',
        project('BOUNDING_BOX'),
        [{ item: { taskId: 'x', item: 'x.png' }, value: { boxes: [] } }],
        false,
      ),
    /the size of image x.png is unknown/,
  );
  assert.throws(
    () => serializeLabels('YOLO', project('IMAGE_CLASSIFICATION'), [], false),
    /YOLO holds BOUNDING_BOX labels/,
  );
});
