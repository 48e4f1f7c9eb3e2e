// A minimal ONNX ModelProto encoder (protobuf wire format written by hand): enough to build small
// models in tests, benchmarks and the provider probe without a protobuf dependency. Only the fields
// used below are encoded; field numbers follow onnx/onnx.proto.

/** ONNX TensorProto.DataType codes for the dtypes onnxruntime-node reports. */
export const ONNX_DATA_TYPE: Readonly<Record<string, number>> = {
  float32: 1,
  uint8: 2,
  int8: 3,
  uint16: 4,
  int16: 5,
  int32: 6,
  int64: 7,
  string: 8,
  bool: 9,
  float16: 10,
  float64: 11,
  uint32: 12,
  uint64: 13,
};

export class Writer {
  private chunks: number[] = [];
  varint(value: number | bigint): this {
    let v = BigInt.asUintN(64, BigInt(value));
    while (v >= 0x80n) {
      this.chunks.push(Number((v & 0x7fn) | 0x80n));
      v >>= 7n;
    }
    this.chunks.push(Number(v));
    return this;
  }
  private tag(field: number, wire: number): this {
    return this.varint((field << 3) | wire);
  }
  int(field: number, value: number | bigint): this {
    return this.tag(field, 0).varint(value);
  }
  bytes(field: number, value: Uint8Array): this {
    this.tag(field, 2).varint(value.length);
    for (const b of value) this.chunks.push(b);
    return this;
  }
  string(field: number, value: string): this {
    return this.bytes(field, new TextEncoder().encode(value));
  }
  message(field: number, build: (w: Writer) => void): this {
    const inner = new Writer();
    build(inner);
    return this.bytes(field, inner.finish());
  }
  float(field: number, value: number): this {
    this.tag(field, 5);
    const b = new Uint8Array(4);
    new DataView(b.buffer).setFloat32(0, value, true);
    for (const x of b) this.chunks.push(x);
    return this;
  }
  finish(): Uint8Array {
    return Uint8Array.from(this.chunks);
  }
}

export interface ValueInfo {
  name: string;
  dtype: string;
  /** Numbers for fixed dimensions, strings for symbolic ones. */
  shape: (number | string)[];
}

export interface Initializer {
  name: string;
  dtype: 'float32' | 'int64';
  dims: number[];
  values: ArrayLike<number>;
}

export type Attribute =
  | { name: string; int: number }
  | { name: string; float: number }
  | { name: string; ints: number[] }
  | { name: string; floats: number[] }
  | { name: string; string: string }
  | { name: string; strings: string[] };

export interface NodeSpec {
  op: string;
  inputs: string[];
  outputs: string[];
  attributes?: Attribute[];
  /** Operator domain: '' (default, ai.onnx) or e.g. 'ai.onnx.ml'. */
  domain?: string;
}

export interface GraphSpec {
  inputs: ValueInfo[];
  outputs: ValueInfo[];
  initializers?: Initializer[];
  nodes: NodeSpec[];
  opset?: number;
  /** Further operator sets, e.g. { 'ai.onnx.ml': 3 } for the classical-ML operators. */
  opsets?: Record<string, number>;
}

function dtypeCode(dtype: string): number {
  const code = ONNX_DATA_TYPE[dtype];
  if (code === undefined) throw new Error(`unsupported ONNX dtype ${dtype}`);
  return code;
}

function valueInfo(w: Writer, field: number, v: ValueInfo): void {
  w.message(field, (vi) => {
    vi.string(1, v.name);
    vi.message(2, (type) =>
      type.message(1, (tensor) => {
        tensor.int(1, dtypeCode(v.dtype));
        tensor.message(2, (shape) => {
          for (const d of v.shape)
            shape.message(1, (dim) => (typeof d === 'number' ? dim.int(1, d) : dim.string(2, d)));
        });
      }),
    );
  });
}

/** Encodes a single-graph ModelProto (IR 8, default opset 17). */
export function encodeModel(spec: GraphSpec): Uint8Array {
  const model = new Writer();
  model.int(1, 8); // ir_version
  model.string(2, 'plinth-runtime');
  model.message(7, (graph) => {
    spec.nodes.forEach((node, i) =>
      graph.message(1, (n) => {
        for (const input of node.inputs) n.string(1, input);
        for (const output of node.outputs) n.string(2, output);
        n.string(3, `${node.op.toLowerCase()}_${i}`);
        n.string(4, node.op);
        for (const attr of node.attributes ?? [])
          n.message(5, (a) => {
            a.string(1, attr.name);
            if ('int' in attr) a.int(3, attr.int).int(20, 2);
            else if ('float' in attr) a.float(2, attr.float).int(20, 1);
            else if ('string' in attr) a.string(4, attr.string).int(20, 3);
            else if ('floats' in attr) {
              for (const v of attr.floats) a.float(7, v);
              a.int(20, 6);
            } else if ('strings' in attr) {
              for (const v of attr.strings) a.string(9, v);
              a.int(20, 8);
            } else {
              for (const v of attr.ints) a.int(8, v);
              a.int(20, 7);
            }
          });
        if (node.domain) n.string(7, node.domain);
      }),
    );
    graph.string(2, 'main');
    for (const init of spec.initializers ?? [])
      graph.message(5, (t) => {
        for (const d of init.dims) t.int(1, d);
        t.int(2, dtypeCode(init.dtype));
        t.string(8, init.name);
        const raw =
          init.dtype === 'float32'
            ? new Float32Array(Array.from(init.values))
            : BigInt64Array.from(Array.from(init.values), (v) => BigInt(v));
        t.bytes(9, new Uint8Array(raw.buffer, raw.byteOffset, raw.byteLength)); // raw_data, little-endian
      });
    for (const input of spec.inputs) valueInfo(graph, 11, input);
    for (const output of spec.outputs) valueInfo(graph, 12, output);
  });
  model.message(8, (opset) => opset.string(1, '').int(2, spec.opset ?? 17));
  for (const [domain, version] of Object.entries(spec.opsets ?? {}))
    model.message(8, (opset) => opset.string(1, domain).int(2, version));
  return model.finish();
}

/** y = sigmoid(x·w + b) for x [N, features] float32; w is `features` long, b a scalar. Output y [N, 1]. */
export function logisticRegressionModel(w: number[], b: number): Uint8Array {
  return encodeModel({
    inputs: [{ name: 'x', dtype: 'float32', shape: ['N', w.length] }],
    outputs: [{ name: 'y', dtype: 'float32', shape: ['N', 1] }],
    initializers: [
      { name: 'W', dtype: 'float32', dims: [w.length, 1], values: w },
      { name: 'B', dtype: 'float32', dims: [1], values: [b] },
    ],
    nodes: [
      { op: 'MatMul', inputs: ['x', 'W'], outputs: ['xw'] },
      { op: 'Add', inputs: ['xw', 'B'], outputs: ['z'] },
      { op: 'Sigmoid', inputs: ['z'], outputs: ['y'] },
    ],
  });
}

/**
 * A dense ReLU MLP, x [N, sizes[0]] float32 → y [N, sizes.at(-1)], with deterministic pseudo-random
 * weights (a seeded LCG) so that runs are reproducible.
 */
export function mlpModel(sizes: number[], seed = 1): Uint8Array {
  let state = seed >>> 0;
  const rand = (): number => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32 - 0.5;
  };
  const initializers: Initializer[] = [];
  const nodes: NodeSpec[] = [];
  let current = 'x';
  for (let layer = 0; layer + 1 < sizes.length; layer++) {
    const fanIn = sizes[layer] as number;
    const fanOut = sizes[layer + 1] as number;
    const scale = 2 / Math.sqrt(fanIn);
    initializers.push({
      name: `W${layer}`,
      dtype: 'float32',
      dims: [fanIn, fanOut],
      values: Array.from({ length: fanIn * fanOut }, () => rand() * scale),
    });
    initializers.push({
      name: `B${layer}`,
      dtype: 'float32',
      dims: [fanOut],
      values: Array.from({ length: fanOut }, () => rand() * 0.1),
    });
    const last = layer + 2 === sizes.length;
    const out = last ? 'y' : `h${layer}`;
    nodes.push({ op: 'Gemm', inputs: [current, `W${layer}`, `B${layer}`], outputs: [last ? out : `${out}_pre`] });
    if (!last) nodes.push({ op: 'Relu', inputs: [`${out}_pre`], outputs: [out] });
    current = out;
  }
  return encodeModel({
    inputs: [{ name: 'x', dtype: 'float32', shape: ['N', sizes[0] as number] }],
    outputs: [{ name: 'y', dtype: 'float32', shape: ['N', sizes.at(-1) as number] }],
    initializers,
    nodes,
  });
}

/** The smallest useful model: y = Identity(x), x float32 [1]; used to probe execution providers. */
export function identityModel(): Uint8Array {
  return encodeModel({
    inputs: [{ name: 'x', dtype: 'float32', shape: [1] }],
    outputs: [{ name: 'y', dtype: 'float32', shape: [1] }],
    nodes: [{ op: 'Identity', inputs: ['x'], outputs: ['y'] }],
  });
}

/** Floor-nearest sampling with asymmetric coordinates: how the PP-OCRv4 detector's neck upsamples. */
export const FLOOR_NEAREST: Attribute[] = [
  { name: 'mode', string: 'nearest' },
  { name: 'coordinate_transformation_mode', string: 'asymmetric' },
  { name: 'nearest_mode', string: 'floor' },
];

/**
 * y = Resize(x, scales) for x float32 of `shape` (opset 13, Resize attributes `attributes`); with `sum`,
 * a ReduceSum after it makes y a scalar, so that timing the model is timing the Resize.
 */
export function resizeModel(
  shape: (number | string)[],
  scales: number[],
  options: { attributes?: Attribute[]; sum?: boolean } = {},
): Uint8Array {
  const resized = options.sum ? 'resized' : 'y';
  return encodeModel({
    inputs: [{ name: 'x', dtype: 'float32', shape }],
    outputs: [{ name: 'y', dtype: 'float32', shape: options.sum ? [] : shape.map((_, i) => `d${i}`) }],
    initializers: [
      { name: 'roi', dtype: 'float32', dims: [0], values: [] },
      { name: 'scales', dtype: 'float32', dims: [4], values: scales },
    ],
    nodes: [
      {
        op: 'Resize',
        inputs: ['x', 'roi', 'scales'],
        outputs: [resized],
        attributes: options.attributes ?? FLOOR_NEAREST,
      },
      ...(options.sum
        ? [{ op: 'ReduceSum', inputs: [resized], outputs: ['y'], attributes: [{ name: 'keepdims', int: 0 }] }]
        : []),
    ],
    opset: 13,
  });
}
