// The layout worker's protocol and the hook that talks to it: one worker per picture, the latest
// request wins (an answer to an older one is dropped), so expanding twice quickly lays out once more.
import { useEffect, useRef, useState } from 'react';

export const NODE_WIDTH = 220;
export const NODE_HEIGHT = 52;

export interface LayoutRequest {
  seq: number;
  nodes: { id: string; width: number; height: number }[];
  edges: { id: string; source: string; target: string }[];
}
export type Positions = Record<string, { x: number; y: number }>;
export type LayoutResponse = { seq: number; positions: Positions; ms: number } | { seq: number; error: string };

export interface LayoutState {
  positions: Positions | null;
  pending: boolean;
  error: string | null;
  /** Time the last layout took in the worker, ms. */
  ms: number | null;
}

export function useLayout(
  nodeIds: readonly string[],
  edges: readonly { id: string; source: string; target: string }[],
): LayoutState {
  const worker = useRef<Worker | null>(null);
  const seq = useRef(0);
  const [state, setState] = useState<LayoutState>({ positions: null, pending: true, error: null, ms: null });

  useEffect(() => {
    const w = new Worker(new URL('./layout.worker.ts', import.meta.url), { type: 'module' });
    worker.current = w;
    w.onmessage = (event: MessageEvent<LayoutResponse>) => {
      const reply = event.data;
      if (reply.seq !== seq.current) return;
      if ('error' in reply) setState((s) => ({ ...s, pending: false, error: reply.error }));
      else setState({ positions: reply.positions, pending: false, error: null, ms: reply.ms });
    };
    w.onerror = (event) => setState((s) => ({ ...s, pending: false, error: event.message || 'layout failed' }));
    return () => {
      w.terminate();
      worker.current = null;
    };
  }, []);

  useEffect(() => {
    const w = worker.current;
    if (!w) return;
    seq.current += 1;
    setState((s) => ({ ...s, pending: true }));
    const request: LayoutRequest = {
      seq: seq.current,
      nodes: nodeIds.map((id) => ({ id, width: NODE_WIDTH, height: NODE_HEIGHT })),
      edges: edges.map((e) => ({ id: e.id, source: e.source, target: e.target })),
    };
    w.postMessage(request);
  }, [nodeIds, edges]);

  return state;
}
