"""The change-package library: reviewed YAML files under ``forbedring/packages/data/``.

Each file is one package (pakke, tiltakspakke) in Danish, Norwegian Bokmål and English: goals,
bundles measured all-or-none, change ideas and measures with full operational definitions, the
review fields and the sources it rests on. :func:`load_package` checks a file against
``schema.json`` and then what a schema cannot say (references between its parts, unique ids)
and gives one clear message naming the file and the place of any problem.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from forbedring.datafiles import Text, date_or_none, read_checked, text

DATA = Path(__file__).resolve().parent / "data"
SCHEMA = Path(__file__).resolve().parent / "schema.json"

Lang = Literal["da", "nb", "en"]


class PackageError(ValueError):
    """A package file that is not valid: the message names the file and the place."""


@dataclass(frozen=True)
class MeasureDefinition:
    id: str
    name: Text
    kind: str
    has_denominator: bool
    numerator: Text
    denominator: Text | None
    inclusion: Text
    exclusion: Text
    data_source: Text
    sampling: Text
    frequency: str
    chart_type: str
    direction: str
    multiplier: float
    unit: Text
    target: float | None
    target_text: Text | None
    bundle: str | None
    needs_review: bool
    review_note: str


@dataclass(frozen=True)
class BundleDefinition:
    id: str
    title: Text
    description: Text | None
    elements: tuple[tuple[str, Text], ...]
    measure: str


@dataclass(frozen=True)
class ChangeIdeaDefinition:
    id: str
    title: Text
    description: Text
    bundle: str | None


@dataclass(frozen=True)
class Package:
    """A change package as shipped: what an organiser copies into a learning network."""

    id: str
    version: int
    title: Text
    summary: Text
    programmes: tuple[str, ...]
    author: str
    reviewed_by: str
    reviewed_on: dt.date | None
    next_review: dt.date
    status: str
    sources: tuple[dict[str, Any], ...]
    goals: tuple[tuple[str, Text, str | None], ...]
    bundles: tuple[BundleDefinition, ...]
    change_ideas: tuple[ChangeIdeaDefinition, ...]
    measures: tuple[MeasureDefinition, ...]

    def measure(self, measure_id: str) -> MeasureDefinition:
        for m in self.measures:
            if m.id == measure_id:
                return m
        raise KeyError(measure_id)

    @property
    def needs_review(self) -> bool:
        return self.status != "reviewed" or any(m.needs_review for m in self.measures)


def _text(value: dict[str, str] | None) -> Text | None:
    return None if value is None else text(value)


def _check_references(name: str, raw: dict[str, Any]) -> None:
    """What the schema cannot check: ids unique, and every reference pointing somewhere."""
    measures = [m["id"] for m in raw["measures"]]
    bundles = [b["id"] for b in raw["bundles"]]
    ideas = [c["id"] for c in raw["change_ideas"]]
    for kind, ids in (("measure", measures), ("bundle", bundles), ("change idea", ideas)):
        duplicates = sorted({i for i in ids if ids.count(i) > 1})
        if duplicates:
            raise PackageError(f"{name}: {kind} id {duplicates[0]!r} is used twice")
    for goal in raw["goals"]:
        if goal.get("measure") and goal["measure"] not in measures:
            raise PackageError(
                f"{name}: goal {goal['id']!r} names unknown measure {goal['measure']!r}"
            )
    for bundle in raw["bundles"]:
        if bundle["measure"] not in measures:
            raise PackageError(
                f"{name}: bundle {bundle['id']!r} names unknown measure {bundle['measure']!r}"
            )
    for item in raw["change_ideas"] + raw["measures"]:
        if item.get("bundle") and item["bundle"] not in bundles:
            raise PackageError(f"{name}: {item['id']!r} names unknown bundle {item['bundle']!r}")


def load_package(path: Path) -> Package:
    """Read, validate and return one package file."""
    name = path.name
    raw = read_checked(path, SCHEMA, PackageError)
    _check_references(name, raw)
    review = raw["review"]
    return Package(
        id=raw["id"],
        version=raw["version"],
        title=text(raw["title"]),
        summary=text(raw["summary"]),
        programmes=tuple(raw["programmes"]),
        author=review["author"],
        reviewed_by=review["reviewed_by"],
        reviewed_on=date_or_none(review["reviewed_on"]),
        next_review=dt.date.fromisoformat(review["next_review"]),
        status=review["status"],
        sources=tuple(raw["sources"]),
        goals=tuple((g["id"], text(g["text"]), g.get("measure")) for g in raw["goals"]),
        bundles=tuple(
            BundleDefinition(
                id=b["id"],
                title=text(b["title"]),
                description=_text(b.get("description")),
                elements=tuple((e["id"], text(e["text"])) for e in b["elements"]),
                measure=b["measure"],
            )
            for b in raw["bundles"]
        ),
        change_ideas=tuple(
            ChangeIdeaDefinition(
                id=c["id"],
                title=text(c["title"]),
                description=text(c["description"]),
                bundle=c.get("bundle"),
            )
            for c in raw["change_ideas"]
        ),
        measures=tuple(_measure(m) for m in raw["measures"]),
    )


def _measure(m: dict[str, Any]) -> MeasureDefinition:
    target = m.get("target")
    return MeasureDefinition(
        id=m["id"],
        name=text(m["name"]),
        kind=m["kind"],
        has_denominator=m["has_denominator"],
        numerator=text(m["numerator"]),
        denominator=_text(m.get("denominator")),
        inclusion=text(m["inclusion"]),
        exclusion=text(m["exclusion"]),
        data_source=text(m["data_source"]),
        sampling=text(m["sampling"]),
        frequency=m["frequency"],
        chart_type=m["chart_type"],
        direction=m["direction"],
        multiplier=float(m["multiplier"]),
        unit=text(m["unit"]),
        target=float(target["value"]) if target else None,
        target_text=_text(target["text"]) if target else None,
        bundle=m.get("bundle"),
        needs_review=m["definition_status"]["needs_review"],
        review_note=m["definition_status"]["note"],
    )


def package_files() -> list[Path]:
    return sorted(DATA.glob("*.yaml"))


def load_all() -> list[Package]:
    """Every package of the library, validated."""
    return [load_package(path) for path in package_files()]
