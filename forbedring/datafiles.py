"""Reviewed data files (the change packages, the national indicators): YAML checked against a
JSON schema, with errors that name the file and the place in it.

Both libraries read their files the same way; what differs is what they build from the checked
data, so only the reading, the three-language text and the review dates live here.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema
import yaml


@dataclass(frozen=True)
class Text:
    """One text in the three languages."""

    da: str
    nb: str
    en: str

    def get(self, lang: str) -> str:
        return str(getattr(self, lang, self.en))


def text(value: dict[str, str]) -> Text:
    return Text(value["da"], value["nb"], value["en"])


def place(path: Any) -> str:
    """A JSON-schema error's place in the file, e.g. ``measures/2/numerator``."""
    return "/".join(str(part) for part in path) or "(top)"


def date_or_none(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


@cache
def _validator(schema_path: Path) -> jsonschema.protocols.Validator:
    schema = json.loads(schema_path.read_text(encoding="utf-8"))
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema)


def read_checked(path: Path, schema_path: Path, error: type[ValueError]) -> dict[str, Any]:
    """The file's data, valid against the schema and with an ``id`` equal to the file's name;
    otherwise ``error`` with a message naming the file and the first place that is wrong."""
    name = path.name
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as problem:
        raise error(f"{name}: not valid YAML: {problem}") from None
    errors = sorted(
        _validator(schema_path).iter_errors(raw), key=lambda e: list(map(str, e.absolute_path))
    )
    if errors:
        first = errors[0]
        raise error(f"{name}, at {place(first.absolute_path)}: {first.message}")
    if raw["id"] != path.stem:
        raise error(f"{name}: the id {raw['id']!r} must match the file name")
    return dict(raw)
