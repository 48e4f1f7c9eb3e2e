#!/usr/bin/env python3
"""Interop check: NVIDIA's official Triton HTTP client (tritonclient[http], PyPI) against Plinth's Open
Inference Protocol endpoint on the gateway, with a Keycloak bearer token on every call.

Checks server live/ready, model ready and metadata, then runs infer twice on the same rows: once as
the client does by default (set_data_from_numpy with binary_data=True and no requested outputs, so the
response is binary too) and once all-JSON (binary_data=False for the input and the requested output).
Prints one JSON object with everything it saw; with --expected it also compares both runs to those
values (absolute tolerance --atol) and exits 1 on any mismatch, 2 on a protocol error.

  python triton_http_client.py --url 127.0.0.1:4000 --model <deployment id or name> --token $TOKEN \\
      --input x --output y --data '[[1,2,3,4],[0.5,-0.5,0,2]]' --expected '[0.99, 0.2]'
"""
import argparse
import importlib.metadata
import json
import sys

import numpy as np
import tritonclient.http as httpclient
from tritonclient.utils import InferenceServerException, triton_to_np_dtype


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--url", required=True, help="host:port of the gateway (no scheme)")
    parser.add_argument("--model", required=True)
    parser.add_argument("--token", required=True, help="bearer token sent as Authorization on every call")
    parser.add_argument("--input", default=None, help="input name (default: the model's first input)")
    parser.add_argument("--output", default=None, help="output name (default: the model's first output)")
    parser.add_argument("--data", required=True, help="input rows as JSON (nested list)")
    parser.add_argument("--expected", default=None, help="expected output values as JSON (flattened or nested)")
    parser.add_argument("--atol", type=float, default=1e-5)
    args = parser.parse_args()

    # A fresh dict per call: tritonclient adds Inference-Header-Content-Length to the dict it is given
    # and leaves it there, which would corrupt the next, all-JSON request.
    def headers():
        return {"Authorization": f"Bearer {args.token}"}

    report = {"url": args.url, "model": args.model, "tritonclient": importlib.metadata.version("tritonclient")}
    problems = []
    client = httpclient.InferenceServerClient(url=args.url, verbose=False)
    try:
        report["server_live"] = client.is_server_live(headers=headers())
        report["server_ready"] = client.is_server_ready(headers=headers())
        report["model_ready"] = client.is_model_ready(args.model, headers=headers())
        metadata = client.get_model_metadata(args.model, headers=headers())
        report["metadata"] = metadata
        for key in ("server_live", "server_ready", "model_ready"):
            if report[key] is not True:
                problems.append(f"{key} is {report[key]!r}")

        first_input = metadata["inputs"][0]
        input_name = args.input or first_input["name"]
        spec = next((i for i in metadata["inputs"] if i["name"] == input_name), None)
        if spec is None:
            raise SystemExit(f"model metadata has no input {input_name!r}: {metadata['inputs']}")
        output_name = args.output or metadata["outputs"][0]["name"]
        datatype = spec["datatype"]
        array = np.array(json.loads(args.data), dtype=triton_to_np_dtype(datatype))

        def infer(binary: bool):
            tensor = httpclient.InferInput(input_name, list(array.shape), datatype)
            if binary:
                tensor.set_data_from_numpy(array)  # the client's default: binary_data=True
                result = client.infer(args.model, [tensor], headers=headers())  # no outputs → binary_data_output
            else:
                tensor.set_data_from_numpy(array, binary_data=False)
                wanted = [httpclient.InferRequestedOutput(output_name, binary_data=False)]
                result = client.infer(args.model, [tensor], outputs=wanted, headers=headers())
            out = result.get_output(output_name)
            values = result.as_numpy(output_name)
            return {
                "shape": list(values.shape),
                "datatype": out["datatype"],
                "binary": "binary_data_size" in (out.get("parameters") or {}),
                "data": values.reshape(-1).tolist(),
            }

        report["binary"] = infer(True)
        report["json"] = infer(False)
        if not report["binary"]["binary"]:
            problems.append("the default (binary) run did not get a binary output back")
        if report["json"]["binary"]:
            problems.append("the JSON run got a binary output back")
        if args.expected is not None:
            expected = np.array(json.loads(args.expected), dtype=np.float64).reshape(-1)
            for mode in ("binary", "json"):
                got = np.array(report[mode]["data"], dtype=np.float64)
                if got.shape != expected.shape or not np.allclose(got, expected, atol=args.atol, rtol=0):
                    problems.append(f"{mode}: got {got.tolist()}, expected {expected.tolist()}")
    except InferenceServerException as error:
        report["error"] = {"status": error.status(), "message": error.message()}
        print(json.dumps(report, default=str))
        return 2
    finally:
        client.close()

    report["problems"] = problems
    print(json.dumps(report, default=str))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
