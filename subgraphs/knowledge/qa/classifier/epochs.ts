// The sample order both intent classifiers (model.ts, dense.ts) train in: every epoch a Fisher-Yates shuffle
// drawn from one seeded linear congruential generator, so a training run is the same on every machine. Kept as
// it was first written (not domain/random.ts's mulberry32): a different order would train different weights,
// and the cached heads and the classifiers' tuned figures rest on this one.
export function* epochOrders(count: number, epochs: number, seed: number): Generator<readonly number[]> {
  let state = seed;
  const rand = (): number => (state = (state * 1103515245 + 12345) % 2147483648) / 2147483648;
  const order = Array.from({ length: count }, (_, i) => i);
  for (let epoch = 0; epoch < epochs; epoch++) {
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(rand() * (i + 1));
      [order[i], order[j]] = [order[j]!, order[i]!];
    }
    yield order;
  }
}
