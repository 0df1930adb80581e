"""Schemathesis hooks for Parley: positive-data acceptance that knows Parley's deliberate refusals.

Parley answers some schema-valid requests with 400 on purpose, because what makes them wrong is
data, not form: an id or name that no record has (`unknown-reference`), a cursor the server did
not issue for that query (`foreign-cursor`), a search expression that does not parse
(`invalid-search`), a range whose ends are valid but out of order or too long (`invalid-range`) and
lines past the end of a source (`beyond-source`). The OpenAPI document declares each on its
parameter and in the 400 response. This check replaces the built-in `positive_data_acceptance`:
it accepts a 400 only when every entry of the problem's `errors` carries one of those codes, and
otherwise fails exactly as the built-in check does. Nothing else is relaxed.

Use: SCHEMATHESIS_HOOKS=deliberate_rejections (with this folder on PYTHONPATH) and
`--exclude-checks positive_data_acceptance`.
"""
import schemathesis
from schemathesis.specs.openapi import checks as openapi_checks

DELIBERATE = {"unknown-reference", "foreign-cursor", "invalid-search", "invalid-range", "beyond-source"}


def is_deliberate(response) -> bool:
    if response.status_code != 400:
        return False
    try:
        body = response.json()
    except Exception:
        return False
    errors = body.get("errors") if isinstance(body, dict) else None
    if body.get("type") != "/problems/invalid-parameter" or not errors:
        return False
    return all(isinstance(e, dict) and e.get("code") in DELIBERATE for e in errors)


@schemathesis.check
def positive_data_acceptance_except_deliberate(ctx, response, case):
    if is_deliberate(response):
        return None
    return openapi_checks.positive_data_acceptance(ctx, response, case)
