// The knowledge subgraph's builder; plugins and shared types come from lib/subgraph/builder.ts.
import { createBuilder } from '../../lib/subgraph/builder.js';

export const builder = createBuilder();
