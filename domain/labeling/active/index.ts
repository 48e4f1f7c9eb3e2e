// Active learning for labeling projects: the learner, the uncertainty scores, k-center diversity, batch
// selection and the stopping rule. Pure and seeded: the same inputs and seed give the same batch.
export * from './learner.js';
export * from './uncertainty.js';
export * from './kcenter.js';
export * from './select.js';
export * from './stopping.js';
export * from './strategy.js';
