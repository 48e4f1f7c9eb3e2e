// Shared by tests (through test/helpers/stall.ts) and benches: scripts/ sits below both.
/** The longest gap between 1 ms timer ticks on this thread while `work` runs: how long the event loop was held. */
export async function longestStall<T>(work: () => Promise<T>): Promise<{ stall: number; result: T }> {
  let last = performance.now();
  let longest = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    longest = Math.max(longest, now - last);
    last = now;
  }, 1);
  try {
    const result = await work();
    return { stall: Math.max(longest, performance.now() - last), result };
  } finally {
    clearInterval(timer);
  }
}
