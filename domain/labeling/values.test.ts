import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LabelValueError, MAX_REGIONS, MAX_VALUE_CHARS, parseValue, type ValueRules } from './values.js';

const cls: ValueRules = { taskType: 'TEXT_CLASSIFICATION', labels: ['pos', 'neg'] };
const boxes: ValueRules = { taskType: 'BOUNDING_BOX', labels: ['text', 'logo'] };
const spans: ValueRules = { taskType: 'ENTITY_SPAN', labels: ['PER', 'LOC'], text: '张三 lives in Hangzhou' };

const refused = (json: string, rules: ValueRules, pattern: RegExp): void => {
  assert.throws(
    () => parseValue(json, rules),
    (error: unknown) => error instanceof LabelValueError && pattern.test(error.message),
    `${json} should be refused with ${pattern}`,
  );
};

describe('classification values', () => {
  it('accepts a known label and stores the canonical text', () => {
    assert.equal(parseValue(' { "label" : "neg" } ', cls), '{"label":"neg"}');
  });
  it('names an unknown label, a wrong shape and bad JSON', () => {
    refused('{"label":"maybe"}', cls, /value\.label "maybe" is not one of the project's labels \(pos, neg\)/);
    refused('{"label":3}', cls, /value\.label must be a string/);
    refused('{}', cls, /value\.label is missing/);
    refused('{"label":"pos","extra":1}', cls, /unknown field extra/);
    refused('["pos"]', cls, /value must be an object with label/);
    refused('{"label":', cls, /value is not JSON/);
  });
  it('refuses a value over the size limit before parsing it', () => {
    refused(`{"label":"${'x'.repeat(MAX_VALUE_CHARS)}"}`, cls, new RegExp(`at most ${MAX_VALUE_CHARS}`));
  });
});

describe('box values', () => {
  it('accepts boxes inside the image, an edge within rounding, and none', () => {
    const ok = parseValue('{"boxes":[{"h":0.05,"label":"text","x":0.1,"y":0.2,"w":0.3}]}', boxes);
    assert.equal(ok, '{"boxes":[{"label":"text","x":0.1,"y":0.2,"w":0.3,"h":0.05}]}');
    parseValue('{"boxes":[{"label":"logo","x":0.3,"y":0,"w":0.7000000000000001,"h":1}]}', boxes);
    assert.equal(parseValue('{"boxes":[]}', boxes), '{"boxes":[]}');
  });
  it('names boxes outside 0..1, without area, over the edge, with an unknown label, and too many', () => {
    refused('{"boxes":[{"label":"text","x":-0.1,"y":0,"w":0.2,"h":0.2}]}', boxes, /boxes\[0\]\.x -0\.1 is outside/);
    refused('{"boxes":[{"label":"text","x":0.1,"y":1.5,"w":0.2,"h":0.2}]}', boxes, /boxes\[0\]\.y 1\.5 is outside/);
    refused('{"boxes":[{"label":"text","x":0.1,"y":0.1,"w":0,"h":0.2}]}', boxes, /boxes\[0\] has no area/);
    refused('{"boxes":[{"label":"text","x":0.9,"y":0.1,"w":0.2,"h":0.2}]}', boxes, /right edge/);
    refused('{"boxes":[{"label":"text","x":0.1,"y":0.9,"w":0.2,"h":0.2}]}', boxes, /bottom edge/);
    refused('{"boxes":[{"label":"face","x":0.1,"y":0.1,"w":0.2,"h":0.2}]}', boxes, /boxes\[0\]\.label "face"/);
    refused('{"boxes":[{"label":"text","x":"0.1","y":0.1,"w":0.2,"h":0.2}]}', boxes, /boxes\[0\]\.x must be a number/);
    refused('{"boxes":{}}', boxes, /value\.boxes must be a list/);
    const many = Array.from({ length: MAX_REGIONS + 1 }, () => ({ label: 'text', x: 0, y: 0, w: 0.1, h: 0.1 }));
    refused(JSON.stringify({ boxes: many }), boxes, new RegExp(`${MAX_REGIONS + 1} entries; at most ${MAX_REGIONS}`));
  });
});

describe('span values', () => {
  it('accepts spans in the text and sorts them', () => {
    assert.equal(
      parseValue('{"spans":[{"label":"LOC","start":12,"end":20},{"label":"PER","start":0,"end":2}]}', spans),
      '{"spans":[{"label":"PER","start":0,"end":2},{"label":"LOC","start":12,"end":20}]}',
    );
  });
  it('names spans out of range, empty, reversed, fractional, overlapping, and a task without text', () => {
    refused('{"spans":[{"label":"LOC","start":12,"end":21}]}', spans, /end 21 is beyond the text's 20 characters/);
    refused('{"spans":[{"label":"LOC","start":-1,"end":2}]}', spans, /start -1 is before the text/);
    refused('{"spans":[{"label":"LOC","start":3,"end":3}]}', spans, /end 3 must be after start 3/);
    refused('{"spans":[{"label":"LOC","start":5,"end":3}]}', spans, /end 3 must be after start 5/);
    refused('{"spans":[{"label":"LOC","start":1.5,"end":3}]}', spans, /whole numbers/);
    refused(
      '{"spans":[{"label":"PER","start":0,"end":5},{"label":"LOC","start":4,"end":8}]}',
      spans,
      /span 4\.\.8 overlaps span 0\.\.5/,
    );
    refused('{"spans":[]}', { ...spans, text: null }, /no text to mark spans in/);
  });
});
