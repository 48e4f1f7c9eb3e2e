// The ml.js training libraries ship no type declarations: the parts Plinth uses, as their sources define them.
declare module 'ml-logistic-regression' {
  import type { Matrix } from 'ml-matrix';
  interface TwoClasses {
    weights: Matrix;
    testScores(features: Matrix): number[];
  }
  export default class LogisticRegression {
    constructor(options?: { numSteps?: number; learningRate?: number });
    classifiers: TwoClasses[];
    numberClasses: number;
    train(X: Matrix, Y: Matrix): void;
    predict(X: Matrix): number[];
    toJSON(): Record<string, unknown>;
    static load(model: unknown): LogisticRegression;
  }
}

declare module 'ml-cart' {
  import type { Matrix } from 'ml-matrix';
  export interface CartNode {
    splitColumn?: number;
    splitValue?: number;
    gain?: number;
    numberSamples?: number;
    left?: CartNode;
    right?: CartNode;
    /** Classifier: a row vector of class frequencies (as long as the leaf's largest class + 1); regression: the leaf mean. */
    distribution?: Matrix | number;
    classify(row: number[]): Matrix | number;
  }
  export interface CartOptions {
    gainFunction?: string;
    minNumSamples?: number;
    maxDepth?: number;
    gainThreshold?: number;
  }
  export class DecisionTreeClassifier {
    constructor(options?: CartOptions);
    root: CartNode;
    train(X: number[][], y: number[]): void;
    predict(X: number[][]): number[];
    toJSON(): Record<string, unknown>;
    static load(model: unknown): DecisionTreeClassifier;
  }
  export class DecisionTreeRegression {
    constructor(options?: CartOptions);
    root: CartNode;
    train(X: number[][], y: number[]): void;
    predict(X: number[][]): number[];
    toJSON(): Record<string, unknown>;
    static load(model: unknown): DecisionTreeRegression;
  }
}
