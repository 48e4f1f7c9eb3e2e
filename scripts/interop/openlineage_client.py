"""Reports one job run to Plinth with the official OpenLineage Python client (PyPI openlineage-python).

The client's stock HTTP transport posts to <url>/api/v1/lineage (the path Marquez uses) and sends
`Authorization: Bearer <apiKey>` for auth type `api_key`, so a Keycloak access token works as the key.
Emits START and then COMPLETE for one job with one input and one output dataset, and prints
{"runId", "job", "input", "output"} as JSON on stdout.

    python openlineage_client.py --url http://127.0.0.1:4000 --token "$TOKEN" \
        --namespace demo --job etl.orders --input db/raw.orders --output db/clean.orders

The token may come from PLINTH_TOKEN instead of --token (it stays out of the process list).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from datetime import datetime, timezone

from openlineage.client import OpenLineageClient
from openlineage.client.event_v2 import InputDataset, Job, OutputDataset, Run, RunEvent, RunState
from openlineage.client.facet_v2 import documentation_job, output_statistics_output_dataset, schema_dataset
from openlineage.client.uuid import generate_new_uuid

PRODUCER = "https://github.com/OpenLineage/OpenLineage/tree/main/client/python"


def split_dataset(text: str) -> tuple[str, str]:
    """'namespace/name' -> (namespace, name); the name is what follows the last '/'."""
    namespace, _, name = text.rpartition("/")
    if not namespace or not name:
        raise SystemExit(f"dataset {text!r} must be written namespace/name")
    return namespace, name


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--url", required=True, help="base URL of the hub (gateway) or the lineage subgraph")
    parser.add_argument("--endpoint", default="api/v1/lineage")
    parser.add_argument("--token", default=os.environ.get("PLINTH_TOKEN"), help="Keycloak access token (or PLINTH_TOKEN)")
    parser.add_argument("--namespace", required=True, help="job namespace")
    parser.add_argument("--job", required=True, help="job name")
    parser.add_argument("--input", required=True, help="input dataset as namespace/name")
    parser.add_argument("--output", required=True, help="output dataset as namespace/name")
    args = parser.parse_args()
    if not args.token:
        parser.error("no token: pass --token or set PLINTH_TOKEN")

    client = OpenLineageClient(
        config={
            "transport": {
                "type": "http",
                "url": args.url,
                "endpoint": args.endpoint,
                "timeout": 10,
                "auth": {"type": "api_key", "apiKey": args.token},
                # Fail fast in tests: the server answers 4xx for a bad event, which is never retried anyway.
                "retry": {"total": 2, "backoff_factor": 0.2},
            }
        }
    )

    in_ns, in_name = split_dataset(args.input)
    out_ns, out_name = split_dataset(args.output)
    inputs = [
        InputDataset(
            namespace=in_ns,
            name=in_name,
            facets={
                "schema": schema_dataset.SchemaDatasetFacet(
                    fields=[
                        schema_dataset.SchemaDatasetFacetFields(name="id", type="BIGINT"),
                        schema_dataset.SchemaDatasetFacetFields(name="amount", type="DECIMAL(10,2)"),
                    ]
                )
            },
        )
    ]
    job = Job(
        namespace=args.namespace,
        name=args.job,
        facets={"documentation": documentation_job.DocumentationJobFacet(description="interop check: openlineage-python")},
    )
    run = Run(runId=str(generate_new_uuid()))

    def emit(state: RunState, outputs: list[OutputDataset]) -> None:
        client.emit(
            RunEvent(
                eventType=state,
                eventTime=datetime.now(timezone.utc).isoformat(),
                run=run,
                job=job,
                producer=PRODUCER,
                inputs=inputs,
                outputs=outputs,
            )
        )

    emit(RunState.START, [OutputDataset(namespace=out_ns, name=out_name)])
    emit(
        RunState.COMPLETE,
        [
            OutputDataset(
                namespace=out_ns,
                name=out_name,
                outputFacets={
                    "outputStatistics": output_statistics_output_dataset.OutputStatisticsOutputDatasetFacet(rowCount=7, size=512)
                },
            )
        ],
    )
    client.close()
    json.dump({"runId": run.runId, "job": f"{args.namespace}/{args.job}", "input": args.input, "output": args.output}, sys.stdout)
    print()
    return 0


if __name__ == "__main__":
    sys.exit(main())
