#!/usr/bin/env python3
"""Validates a broad sample of a running Parley's responses against its own /openapi.json with
openapi-core: every operation with its defaults, every list with fields= and include=, sorted
by every key, the item examples, then redirects (301), revalidation (304), and the errors
(400, 404, 406). A response whose status, headers or body the document does not describe fails.

usage: validate_responses.py BASE_URL   (exit 1 on any invalid response)"""
import json, sys
import requests
from openapi_core import Config, OpenAPI
from openapi_core.contrib.requests import RequestsOpenAPIRequest, RequestsOpenAPIResponse

base = sys.argv[1].rstrip("/")
spec = requests.get(base + "/openapi.json", timeout=10).json()
spec["servers"] = [{"url": base}]
# RFC 9457 problems and GeoJSON are JSON too; openapi-core knows only application/json by name.
def load_json(value, **parameters):
    return json.loads(value)


json_types = {"application/problem+json": load_json, "application/geo+json": load_json}
api = OpenAPI.from_dict(spec, config=Config(extra_media_type_deserializers=json_types))
session = requests.Session()
checked, failures = 0, []


def check(path, headers=None, expect=None):
    global checked
    request = requests.Request("GET", base + path, headers=headers or {})
    response = session.send(session.prepare_request(request), allow_redirects=False, timeout=30)
    checked += 1
    problem = None
    if expect is not None and response.status_code != expect:
        problem = f"status {response.status_code}, expected {expect}"
    else:
        try:
            api.validate_response(RequestsOpenAPIRequest(request), RequestsOpenAPIResponse(response))
        except Exception as error:  # openapi-core raises one error type per kind of mismatch
            problem = f"{type(error).__name__}: {error}; {getattr(error, '__cause__', '')}"
    if problem:
        failures.append(f"GET {path} -> {response.status_code}: {problem}"[:600])
    return response


for path, item in spec["paths"].items():
    operation = item["get"]
    parameters = {p["name"]: p for p in operation.get("parameters", [])}
    if "{id}" in path:
        ids = parameters["id"]["schema"].get("examples", [])
        targets = [path.replace("{id}", record_id) for record_id in ids]
    elif "{slug}" in path:
        targets = [path.replace("{slug}", slug) for slug in parameters["slug"]["schema"]["enum"]]
    else:
        targets = [path]
    for target in targets:
        query = "?q=aleppo" if "q" in parameters and parameters["q"]["required"] else ""
        if "since" in parameters:
            # The change feed from every release the document names, whole and by kind.
            releases = parameters["since"]["schema"].get("examples", [])
            for release in releases:
                check(f"{target}?since={release}&limit=1000")
                for kind in parameters["kind"]["schema"]["items"]["enum"]:
                    check(f"{target}?since={release}&kind={kind}&limit=5")
            query = f"?since={releases[0]}" if releases else ""
        check(target + query)
        if "fields" in parameters:
            for field in parameters["fields"]["schema"]["items"]["enum"][:4]:
                check(f"{target}?fields={field}")
        if "include" in parameters:
            limit = "&limit=20" if "limit" in parameters else ""
            check(f"{target}?include={','.join(parameters['include']['schema']['items']['enum'])}{limit}")
        if "sort" in parameters:
            for key in parameters["sort"]["schema"]["items"]["enum"]:
                check(f"{target}?sort={key}&limit=5")

# Redirects, revalidation and errors.
talks = spec["paths"]["/v1/talks/{id}"]["get"]["parameters"][0]["schema"]["examples"]
moved = requests.get(base + "/v1/talks?limit=1000&fields=previous_ids", timeout=10).json()["data"]
old = next((t["previous_ids"][0] for t in moved if t.get("previous_ids")), None)
if old:
    check(f"/v1/talks/{old}", expect=301)
etag = check(f"/v1/talks/{talks[0]}").headers.get("ETag")
check(f"/v1/talks/{talks[0]}", headers={"If-None-Match": etag}, expect=304)
for bad in ["/v1/talks?limit=0", "/v1/talks?process=atlantis", "/v1/talks?from=2016-13", "/v1/search?q=%21%21", "/v1/talks?cursor=AAAA"]:
    check(bad, expect=400)
check("/v1/talks/no-such-talk", expect=404)
check("/v1/talks", headers={"Accept": "application/xml"}, expect=406)

print(f"openapi-core: {checked} responses checked against /openapi.json, {len(failures)} invalid")
for failure in failures[:40]:
    print("  ", failure)
sys.exit(1 if failures else 0)
