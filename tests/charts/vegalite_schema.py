"""Validate produced specs against the vendored Vega-Lite JSON schema.

Why: vl-convert and vega-embed accept many malformed specs and quietly draw something else (an
unknown property is ignored, a misspelt mark fails only in the browser). Checking every spec the
builders produce against the schema of the exact Vega-Lite release we render with catches those
mistakes in the tests, offline.
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any

from jsonschema import Draft7Validator
from jsonschema.exceptions import best_match


@cache
def vegalite_validator() -> Draft7Validator:
    """The validator for the vendored schema, built once per test run.

    The schema (draft-07, about 1.9 MB) is parsed and checked once; Draft7Validator then resolves
    its many ``$ref``s lazily and keeps them, so later specs validate quickly.
    """
    text = (
        resources.files("forbedring.charts")
        .joinpath("vendor", "vega-lite-schema.json")
        .read_text(encoding="utf-8")
    )
    schema = json.loads(text)
    Draft7Validator.check_schema(schema)
    return Draft7Validator(schema)


def assert_valid_vegalite(spec: dict[str, Any]) -> None:
    """Fail with the most relevant schema error when ``spec`` is not valid Vega-Lite.

    ``spec`` is validated as JSON would carry it (round-tripped through ``json``), so tuples and
    other Python-only values do not pass or fail differently from what the renderer receives.
    """
    instance = json.loads(json.dumps(spec, allow_nan=False))
    validator = vegalite_validator()
    if validator.is_valid(instance):
        return
    error = best_match(validator.iter_errors(instance))
    where = "/".join(str(part) for part in error.absolute_path) or "(top level)"
    raise AssertionError(f"not valid Vega-Lite at {where}: {error.message}")
