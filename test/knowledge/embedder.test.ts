// The sentence encoders the launcher fetched (scripts/stack/embedding-models.ts), run for real.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { cosine, Embedder } from '../../subgraphs/knowledge/qa/embed/embedder.js';

const nearest = async (e: Embedder, question: string, names: string[]): Promise<string> => {
  const [q, ...vs] = await e.embed([question, ...names]);
  return names[vs.map((v) => cosine(q!, v)).reduce((best, s, i, all) => (s > all[best]! ? i : best), 0)]!;
};

describe('knowledge sentence encoders (bge-small v1.5, onnxruntime)', () => {
  it('zh: everyday wording lands nearest the fault it describes', async () => {
    const zh = await Embedder.load('zh');
    assert.equal(zh.dimensions, 512);
    const faults = ['主变油温过高', '有载调压开关滑档', '线路覆冰', '母线失压'];
    assert.equal(await nearest(zh, '变压器油温一直往上窜咋整', faults), '主变油温过高');
    assert.equal(await nearest(zh, '冻雨下了一夜导线上挂满了冰', faults), '线路覆冰');
    assert.equal(await nearest(zh, '站里全黑了，母线没电', faults), '母线失压');
  });

  it('en: the same, and a text embedded alone or in a batch gives the same vector', async () => {
    const en = await Embedder.load('en');
    assert.equal(en.dimensions, 384);
    const faults = ['Transformer abnormal noise', 'Line icing', 'Busbar loss of voltage', 'Transformer oil leak'];
    assert.equal(await nearest(en, 'transformer growling louder than normal', faults), 'Transformer abnormal noise');
    assert.equal(await nearest(en, "station's gone black, bus has no volts", faults), 'Busbar loss of voltage');
    const [alone] = await en.embed(['Line icing']);
    assert.ok(cosine(alone!, (await en.embed(['Line icing', 'x']))[0]!) > 0.999);
  });

  it('says how to fetch a model that is missing', async () => {
    await assert.rejects(Embedder.load('en', '/nonexistent'), /missing .*npm run stack -- up/);
  });
});
