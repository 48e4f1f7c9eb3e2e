// Types for area-boundaries.js (plain JS so eslint.config.js can load it without a TypeScript loader).
import type { ESLint, Rule } from 'eslint';

export declare const ALLOWED: Record<string, string[]>;
export declare function areaOf(repoPath: string): string | null;
export declare function violation(fromPath: string, toPath: string): string | null;
declare const plugin: ESLint.Plugin & { rules: { 'area-boundaries': Rule.RuleModule } };
export default plugin;
