// The lineage subgraph's builder; plugins and shared types come from lib/subgraph/builder.ts. It is
// read only: no mutation type.
import { createBuilder } from '../../lib/subgraph/builder.js';

export const builder = createBuilder();
