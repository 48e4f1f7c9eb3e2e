import assert from 'node:assert/strict';
import { it } from 'node:test';
import { consensus } from './consensus.js';

const pos = '{"label":"pos"}';
const neg = '{"label":"neg"}';

it('accepts agreeing annotations and a strict class majority', () => {
  assert.deepEqual(consensus('TEXT_CLASSIFICATION', [pos, pos]), { value: pos });
  assert.deepEqual(consensus('IMAGE_CLASSIFICATION', [neg, pos, neg]), { value: neg });
  const box = '{"boxes":[{"label":"text","x":0,"y":0,"w":0.5,"h":0.5}]}';
  assert.deepEqual(consensus('BOUNDING_BOX', [box, box]), { value: box });
});

it('names a tie, differing regions and no annotations as disagreements', () => {
  assert.deepEqual(consensus('TEXT_CLASSIFICATION', [pos, neg]), {
    disagreement: 'the 2 annotations have no majority (pos ×1, neg ×1)',
  });
  assert.match(
    (
      consensus('ENTITY_SPAN', ['{"spans":[]}', '{"spans":[{"label":"PER","start":0,"end":2}]}']) as {
        disagreement: string;
      }
    ).disagreement,
    /differ/,
  );
  assert.deepEqual(consensus('BOUNDING_BOX', []), { disagreement: 'the task has no annotations yet' });
});
