#!/usr/bin/env python3
"""The "keeping a copy in sync" recipe of Docs/api.md, run for real.

For every release a running Parley lists (GET /v1/releases) other than the current one:

1. Take the copy a client pulled at that release: the records of `Resources/dataset` at the
   release's commit (git history), and check them against the release's manifest in
   `Resources/releases/<version>.json` with this script's own implementation of the hashes, so the
   manifest is proven to describe that copy.
2. Poll `GET /v1/changes?since=<release>` page by page (links.next), and check that polling again
   with `If-None-Match` is a 304.
3. Apply the feed: added, changed and renamed records are fetched by their URL; renamed and removed
   ids are deleted (and must answer 301 to the new id, or 410 with the tombstone); a changed
   record's `fields` must be exactly the top-level fields that differ.
4. The copy must now equal the current dataset exactly: the files in `Resources/dataset`, and every
   record the server serves (`/v1/<collection>.ndjson`).

Fields the server computes from other records (`talks_count`, `citations_count`) are not part of a
record's own content and are not tracked by the feed; the copy leaves them out.

Usage: sync.py --base http://127.0.0.1:8080 [--repo .]  (exit 0 when every release syncs exactly)
"""
import argparse
import hashlib
import json
import subprocess
import sys
import urllib.error
import urllib.request

# Computed by the server from other records (DatasetSchema.derivedFields); not in the feed.
DERIVED = {"processes": {"talks_count"}, "sources": {"citations_count"}}


class Number(str):
    """A JSON number kept as written, so hashes match the server's (numbers as written)."""


def loads(text):
    return json.loads(text, parse_int=Number, parse_float=Number)


def canonical(value):
    """Canonical JSON as RecordDigest defines it: sorted members, no white space, numbers as written."""
    if isinstance(value, Number):
        return str(value)
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, str):
        out = ['"']
        for ch in value:
            code = ord(ch)
            if ch == '"':
                out.append('\\"')
            elif ch == "\\":
                out.append("\\\\")
            elif ch == "\n":
                out.append("\\n")
            elif ch == "\r":
                out.append("\\r")
            elif ch == "\t":
                out.append("\\t")
            elif code < 0x20:
                out.append("\\u%04x" % code)
            else:
                out.append(ch)
        out.append('"')
        return "".join(out)
    if isinstance(value, list):
        return "[" + ",".join(canonical(item) for item in value) + "]"
    members = sorted(value.items(), key=lambda member: member[0].encode("utf-8"))
    return "{" + ",".join(canonical(key) + ":" + canonical(item) for key, item in members) + "}"


def digest(value, length):
    return hashlib.sha256(canonical(value).encode("utf-8")).hexdigest()[:length]


def request(base, path, headers=None, follow=True):
    """(status, headers, body) of a GET; redirects are not followed unless `follow`."""

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    opener = urllib.request.build_opener() if follow else urllib.request.build_opener(NoRedirect)
    req = urllib.request.Request(base + path, headers=headers or {})
    try:
        with opener.open(req, timeout=30) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


def get_json(base, path):
    status, _, body = request(base, path)
    if status != 200:
        raise SystemExit(f"GET {path}: {status} {body[:300]!r}")
    return loads(body.decode("utf-8"))


def own_fields(collection, record):
    return {key: value for key, value in record.items() if key not in DERIVED.get(collection, set())}


def copy_at(repo, commit, collections):
    """The records of Resources/dataset at `commit`: {(collection, id): record}."""
    copy = {}
    for collection in collections:
        shown = subprocess.run(
            ["git", "-C", repo, "show", f"{commit}:Resources/dataset/{collection}.json"], capture_output=True
        )
        if shown.returncode != 0:
            raise SystemExit(
                f"git show {commit}:Resources/dataset/{collection}.json failed ({shown.stderr.decode().strip()}): "
                "this script needs the repository's history (a full clone)"
            )
        for record in loads(shown.stdout.decode("utf-8")):
            copy[(collection, record["id"])] = record
    return copy


def check_manifest(repo, version, copy):
    with open(f"{repo}/Resources/releases/{version}.json", encoding="utf-8") as handle:
        manifest = json.load(handle)
    listed = {(r["collection"], r["id"]): r for r in manifest["records"]}
    if set(listed) != set(copy):
        raise SystemExit(f"manifest {version}: records differ from the copy: {sorted(set(listed) ^ set(copy))[:5]}")
    for key, record in copy.items():
        entry = listed[key]
        fields = {name: digest(value, 8) for name, value in record.items() if name != "id"}
        if entry["hash"] != digest(record, 16) or entry["fields"] != fields:
            raise SystemExit(f"manifest {version}: {key[0]}/{key[1]} does not hash as the manifest says")
    return len(listed)


def pull_feed(base, version):
    """Every entry of the feed since `version`, and a check that polling again is a 304."""
    entries = []
    path = f"/v1/changes?since={version}&limit=100"
    first_etag = None
    while path:
        status, headers, body = request(base, path)
        if status != 200:
            raise SystemExit(f"GET {path}: {status} {body[:300]!r}")
        page = loads(body.decode("utf-8"))
        first_etag = first_etag or headers["ETag"]
        entries += page["data"]
        path = page["links"]["next"]
        if int(headers["X-Total-Count"]) != int(page["meta"]["total"]):
            raise SystemExit(f"X-Total-Count and meta.total disagree on {path}")
    status, _, _ = request(base, f"/v1/changes?since={version}&limit=100", {"If-None-Match": first_etag})
    if status != 304:
        raise SystemExit(f"polling the feed again with If-None-Match gave {status}, not 304")
    return entries


def apply(base, copy, entries):
    for entry in entries:
        collection, new_id, kind = entry["collection"], entry["id"], entry["kind"]
        if kind in ("added", "changed", "renamed"):
            record = own_fields(collection, get_json(base, entry["url"])["data"])
            old_key = (collection, entry["previous_id"] if kind == "renamed" else new_id)
            if kind == "added":
                if (collection, new_id) in copy:
                    raise SystemExit(f"added {collection}/{new_id} is already in the copy")
            else:
                old = copy.pop(old_key)
                # A field that appears (even as null) or disappears has changed, as the feed counts it.
                absent = object()
                differing = sorted(
                    k for k in set(old) | set(record) if k != "id" and old.get(k, absent) != record.get(k, absent)
                )
                if differing != entry["fields"]:
                    raise SystemExit(f"{kind} {collection}/{new_id}: fields {entry['fields']} but {differing} differ")
            if kind == "renamed":
                status, headers, _ = request(base, f"/v1/{collection}/{entry['previous_id']}", follow=False)
                if status != 301 or headers["Location"] != entry["url"]:
                    raise SystemExit(f"renamed {old_key}: GET answered {status} {headers.get('Location')}")
            copy[(collection, new_id)] = record
        elif kind == "removed":
            tombstone = entry["tombstone"]
            del copy[(collection, new_id)]
            status, headers, body = request(base, entry["url"], follow=False)
            if tombstone["merged_into"]:
                expected = f"/v1/{collection}/{tombstone['merged_into']}"
                if status != 301 or headers["Location"] != expected:
                    raise SystemExit(f"merged {collection}/{new_id}: GET answered {status}, not 301 to {expected}")
            else:
                problem = loads(body.decode("utf-8"))
                if status != 410 or problem.get("removed_in") != tombstone["removed_in"]:
                    raise SystemExit(f"removed {collection}/{new_id}: GET answered {status}, not 410 with its tombstone")
        else:
            raise SystemExit(f"unknown kind {kind}")


def current_from_files(repo, collections):
    current = {}
    for collection in collections:
        with open(f"{repo}/Resources/dataset/{collection}.json", encoding="utf-8") as handle:
            for record in loads(handle.read()):
                current[(collection, record["id"])] = record
    return current


def current_from_server(base, collections):
    served = {}
    for collection in collections:
        status, _, body = request(base, f"/v1/{collection}.ndjson")
        if status != 200:
            raise SystemExit(f"GET /v1/{collection}.ndjson: {status}")
        for line in body.decode("utf-8").splitlines():
            record = own_fields(collection, loads(line))
            served[(collection, record["id"])] = record
    return served


def compare(name, copy, target):
    if set(copy) != set(target):
        missing, extra = sorted(set(target) - set(copy)), sorted(set(copy) - set(target))
        raise SystemExit(f"copy vs {name}: missing {missing[:5]}, extra {extra[:5]}")
    wrong = [key for key in copy if copy[key] != target[key]]
    if wrong:
        key = wrong[0]
        fields = sorted(k for k in set(copy[key]) | set(target[key]) if copy[key].get(k) != target[key].get(k))
        raise SystemExit(f"copy vs {name}: {len(wrong)} records differ, first {key[0]}/{key[1]} in {fields}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--base", default="http://127.0.0.1:8080")
    parser.add_argument("--repo", default=".")
    args = parser.parse_args()
    base = args.base.rstrip("/")
    releases = get_json(base, "/v1/releases")
    collections = [c["name"] for c in get_json(base, "/v1/meta")["data"]["collections"]]
    current_version = releases["meta"]["dataset"]
    files = current_from_files(args.repo, collections)
    served = current_from_server(base, collections)
    compare("the server's records", dict(files), served)
    if int(get_json(base, f"/v1/changes?since={current_version}")["meta"]["total"]) != 0:
        raise SystemExit("the feed since the current version is not empty")
    synced = 0
    for release in releases["data"]:
        version = release["version"]
        copy = copy_at(args.repo, release["commit"], collections)
        records = check_manifest(args.repo, version, copy)
        if release["current"]:
            compare("the current dataset", copy, files)
            print(f"release {version} is the current dataset: manifest matches its {records} records")
            continue
        entries = pull_feed(base, version)
        counts = {kind: sum(1 for e in entries if e["kind"] == kind) for kind in ("added", "changed", "renamed", "removed")}
        if counts != {kind: int(n) for kind, n in release["changes_to_current"].items()}:
            raise SystemExit(f"release {version}: feed counts {counts} but /v1/releases says {release['changes_to_current']}")
        apply(base, copy, entries)
        compare("the dataset files", copy, files)
        compare("the server's records", copy, served)
        synced += 1
        summary = ", ".join(f"{n} {kind}" for kind, n in counts.items())
        print(f"release {version} ({release['date']}): manifest matches {records} records; feed {summary}; "
              f"copy + feed == current dataset ({len(copy)} records)")
    print(f"sync: {synced} release(s) brought to {current_version} exactly")


if __name__ == "__main__":
    sys.exit(main())
