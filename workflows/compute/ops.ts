// What the compute threads run: the CPU-bound, synchronous parts of training and scoring (ml.js train and
// predict, ONNX export). Each takes and returns plain data (structured-clone safe), so a call costs one
// copy of its arguments and result. Add an op here and it is callable as compute.<op> (./pool.ts).
import { predict, toOnnx, train } from '../training/ml.js';
import { activeLearningRound } from '../../domain/labeling/active-round.js';
import { detectText } from '../../domain/ocr/detect-op.js';

export const computeOps = { train, predict, toOnnx, activeLearningRound, detectText };
export type ComputeOps = typeof computeOps;
export type ComputeOp = keyof ComputeOps;
