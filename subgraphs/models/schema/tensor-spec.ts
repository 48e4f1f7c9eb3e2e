import { builder } from '../builder.js';
import type { Signature, TensorSpec } from '../../../domain/models/signature.js';

export const TensorSpecRef = builder.objectRef<TensorSpec>('TensorSpec').implement({
  description: 'One input or output of a model, as ONNX Runtime reports it.',
  fields: (t) => ({
    name: t.exposeString('name'),
    dtype: t.exposeString('dtype', {
      description: 'ONNX Runtime tensor type: float32, int64, string, ...; non-tensor for maps and sequences.',
    }),
    shape: t.stringList({
      description: 'Dimensions: a number for a fixed size, a name for a symbolic (dynamic) one; empty when unknown.',
      resolve: (spec) => spec.shape.map(String),
    }),
  }),
});

export const ModelSignatureRef = builder.objectRef<Signature>('ModelSignature').implement({
  description: "A model version's inputs and outputs, read from the ONNX file by ONNX Runtime at registration.",
  fields: (t) => ({
    inputs: t.field({ type: [TensorSpecRef], resolve: (s) => s.inputs }),
    outputs: t.field({ type: [TensorSpecRef], resolve: (s) => s.outputs }),
  }),
});
