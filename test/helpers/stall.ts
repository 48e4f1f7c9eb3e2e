// The event-loop stall probe lives in scripts/ so that benches can use it too.
export { longestStall } from '../../scripts/stall.js';
