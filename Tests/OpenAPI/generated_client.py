#!/usr/bin/env python3
"""Calls every collection and item operation of a running Parley through a client generated from its
own /openapi.json by openapi-python-client, and parses every answer into the generated models.

usage: generated_client.py BASE_URL CLIENT_PARENT_DIR
(CLIENT_PARENT_DIR holds the package `parley_client`, generated with
 `openapi-python-client generate --path openapi.json --output-path DIR/parley_client --meta none`.)

Fails (exit 1) on any operation whose answer is not the documented status or does not parse into
its model, or whose parsed model lacks the records the raw JSON had. Prints one line per call."""
import importlib, json, re, sys, urllib.request

base, parent = sys.argv[1], sys.argv[2]
sys.path.insert(0, parent)
from parley_client import Client  # noqa: E402
from parley_client.types import UNSET  # noqa: E402

client = Client(base_url=base, raise_on_unexpected_status=True)
spec = json.load(urllib.request.urlopen(base + "/openapi.json"))
failures, calls = [], 0


def module_name(operation_id):
    """The generator's snake case: zonesGeoJSON -> zones_geo_json, getSourceText -> get_source_text."""
    words = re.sub(r"([A-Z]+)([A-Z][a-z])", r"\1_\2", operation_id)
    return re.sub(r"([a-z0-9])([A-Z])", r"\1_\2", words).lower()


def call(operation_id, expect_records, **kwargs):
    global calls
    calls += 1
    module = importlib.import_module(f"parley_client.api.default.{module_name(operation_id)}")
    response = module.sync_detailed(client=client, **kwargs)
    parsed = response.parsed
    label = f"{operation_id}({', '.join(f'{k}={v}' for k, v in kwargs.items())})"
    if response.status_code != 200 or parsed is None or type(parsed).__name__ == "Problem":
        failures.append(f"{label}: status {response.status_code}, parsed {type(parsed).__name__}")
        print("FAIL", label, response.status_code, response.content[:200])
        return None
    raw = json.loads(response.content)
    data = getattr(parsed, "data", None)
    if expect_records == "list":
        if not isinstance(data, list) or len(data) != len(raw["data"]):
            failures.append(f"{label}: {len(raw['data'])} records in the JSON, {len(data or [])} parsed")
        kinds = sorted({type(item).__name__ for item in data or []})
        print("ok  ", label, f"{len(data or [])} records as {', '.join(kinds) or '-'}")
    elif expect_records == "item":
        if type(data).__name__.endswith("Fields") and "fields" not in kwargs:
            failures.append(f"{label}: a whole record parsed only as the partial model")
        print("ok  ", label, type(data).__name__, getattr(data, "id", None))
    else:
        print("ok  ", label, type(parsed).__name__)
    return raw


for path, item in spec["paths"].items():
    operation = item["get"]
    operation_id = operation["operationId"]
    if not path.startswith("/v1/") or operation_id in ("getSourceText",):
        continue
    has_id = "{id}" in path
    is_list = any(p["name"] == "cursor" for p in operation.get("parameters", []))
    if has_id:
        ids = next(p for p in operation["parameters"] if p["name"] == "id")["schema"].get("examples", [])
        for record_id in ids:
            call(operation_id, "list" if is_list else "item", id=record_id)
        if not is_list and ids:
            # One field chosen: the answer parses into the partial model.
            enum_module = importlib.import_module(f"parley_client.models.{module_name(operation_id)}_fields_item")
            enum = getattr(enum_module, operation_id[0].upper() + operation_id[1:] + "FieldsItem")
            call(operation_id, "item", id=ids[0], fields=[list(enum)[1]])
    elif is_list:
        kwargs = {"limit": 1000} if any(p["name"] == "limit" for p in operation["parameters"]) else {}
        if operation_id == "search":
            kwargs["q"] = "ceasefire"
        if operation_id == "listChanges":
            # The change feed from every release the document names (tombstones and all).
            since = next(p for p in operation["parameters"] if p["name"] == "since")["schema"].get("examples", [])
            for release in since:
                call(operation_id, "list", since=release, **kwargs)
            continue
        call(operation_id, "list", **kwargs)
    else:
        call(operation_id, "other")

print(f"generated client: {calls} calls, {len(failures)} failed")
for failure in failures:
    print("  ", failure)
sys.exit(1 if failures or calls == 0 else 0)
