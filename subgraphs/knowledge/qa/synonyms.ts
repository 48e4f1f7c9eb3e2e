// The synonym table moved to qa/lexicon/ (power.json: the shipped power-domain groups; index.ts: the
// segment-based rewrite, extended per base). This module keeps the old import path working.
export { canonical } from './lexicon/index.js';
