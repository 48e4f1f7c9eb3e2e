// The work one GraphQL request may ask of the knowledge resolvers. graphql-armor bounds aliases (30) and
// lib/graphql/cost.ts prices the values an operation returns, but neither prices a resolver's own work:
// 30 aliased faultHandlingPath fields of 20 long symptoms each took 20 s of CPU in one request and stalled
// every other question meanwhile. So one request (one context object) may ask at most MAX_ASKS_PER_REQUEST
// questions and MAX_SYMPTOMS_PER_REQUEST symptoms over all its fields; what is over is BAD_USER_INPUT.
import { badInput } from '../../../lib/subgraph/errors.js';

export const MAX_ASKS_PER_REQUEST = 10;
export const MAX_SYMPTOMS_PER_REQUEST = 20;

const spent = new WeakMap<object, { asks: number; symptoms: number }>();

/** Counts `n` questions or symptoms against the request's budget; throws when that goes over it. */
export function spend(request: object, what: 'asks' | 'symptoms', n: number): void {
  const used = spent.get(request) ?? { asks: 0, symptoms: 0 };
  spent.set(request, used);
  const max = what === 'asks' ? MAX_ASKS_PER_REQUEST : MAX_SYMPTOMS_PER_REQUEST;
  if (used[what] + n > max)
    throw badInput(
      what === 'asks'
        ? `at most ${max} questions (ask fields) per request; send the others in another request`
        : `at most ${max} symptoms over all faultHandlingPath fields of one request; send the others in another request`,
      what === 'asks' ? 'question' : 'symptoms',
    );
  used[what] += n;
}
