// The lineage picture's layout, off the UI thread: elkjs's layered algorithm, left → right. elk.bundled.js
// runs ELK in this worker's own thread (no nested worker), so a 2,000-node layout never blocks scrolling,
// panning or typing in the page.
import ELK from 'elkjs/lib/elk.bundled.js';
import type { LayoutRequest, LayoutResponse } from './layout';

const elk = new ELK();

/** Above this many nodes, the cheaper strategies: seconds instead of tens of seconds at 2,000 nodes. */
const LARGE = 300;

const base = {
  'elk.algorithm': 'layered',
  'elk.direction': 'RIGHT',
  'elk.spacing.nodeNode': '16',
  'elk.layered.spacing.nodeNodeBetweenLayers': '72',
  // The picture draws its own edges; ELK's routes are not used, so the simplest routing will do.
  'elk.edgeRouting': 'POLYLINE',
};
const large = {
  'elk.layered.layering.strategy': 'LONGEST_PATH',
  'elk.layered.nodePlacement.strategy': 'SIMPLE',
  'elk.layered.thoroughness': '1',
  'elk.layered.crossingMinimization.greedySwitch.type': 'OFF',
};

self.onmessage = async (event: MessageEvent<LayoutRequest>) => {
  const { seq, nodes, edges } = event.data;
  const started = performance.now();
  try {
    const graph = await elk.layout({
      id: 'root',
      layoutOptions: nodes.length > LARGE ? { ...base, ...large } : base,
      children: nodes.map((n) => ({ id: n.id, width: n.width, height: n.height })),
      edges: edges.map((e) => ({ id: e.id, sources: [e.source], targets: [e.target] })),
    });
    const positions: Record<string, { x: number; y: number }> = {};
    for (const child of graph.children ?? []) positions[child.id] = { x: child.x ?? 0, y: child.y ?? 0 };
    const reply: LayoutResponse = { seq, positions, ms: performance.now() - started };
    self.postMessage(reply);
  } catch (error) {
    const reply: LayoutResponse = { seq, error: error instanceof Error ? error.message : String(error) };
    self.postMessage(reply);
  }
};
