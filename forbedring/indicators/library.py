"""The indicator library: reviewed YAML files under ``forbedring/indicators/data/``.

Each file is one programme's goals (or themes) and the indicators that follow them, in Danish,
Norwegian Bokmål and English: for each indicator its definition, numerator, denominator, unit,
which direction is better, the levels and period it is published for, the data type a funnel
plot will need, and the sources it rests on. :func:`load_indicator_set` checks a file against
``schema.json`` and then what a schema cannot say (unique ids, references to goals and sources,
no goal left without indicators) and gives one clear message naming the file and the place.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from forbedring.datafiles import Text, date_or_none, read_checked
from forbedring.datafiles import text as _text

DATA = Path(__file__).resolve().parent / "data"
SCHEMA = Path(__file__).resolve().parent / "schema.json"

DIRECTIONS = ("higher-is-better", "lower-is-better")
DATA_TYPES = ("pr", "rc", "sr")


class IndicatorError(ValueError):
    """An indicator file that is not valid: the message names the file and the place."""


@dataclass(frozen=True)
class Source:
    id: str
    title: str
    publisher: str
    year: int | None
    url: str
    note: str


@dataclass(frozen=True)
class Goal:
    """A national goal (Denmark) or a quality theme (Norway) that indicators are grouped under."""

    id: str
    number: int
    title: Text
    description: Text
    sources: tuple[str, ...]


@dataclass(frozen=True)
class Indicator:
    id: str
    goal: str
    title: Text
    definition: Text
    numerator: Text
    denominator: Text | None
    unit: Text
    multiplier: float
    direction: str
    levels: tuple[str, ...]
    period: str
    data_type: str | None
    sources: tuple[str, ...]
    needs_review: bool
    review_note: str

    @property
    def higher_is_better(self) -> bool:
        return self.direction == "higher-is-better"


@dataclass(frozen=True)
class IndicatorSet:
    """One file: a programme's goals and their indicators, with review fields and sources."""

    id: str
    version: int
    country: str
    title: Text
    summary: Text
    author: str
    reviewed_by: str
    reviewed_on: dt.date | None
    next_review: dt.date
    status: str
    sources: tuple[Source, ...]
    goals: tuple[Goal, ...]
    indicators: tuple[Indicator, ...]

    def goal(self, goal_id: str) -> Goal:
        for goal in self.goals:
            if goal.id == goal_id:
                return goal
        raise KeyError(goal_id)

    def indicator(self, indicator_id: str) -> Indicator:
        for indicator in self.indicators:
            if indicator.id == indicator_id:
                return indicator
        raise KeyError(indicator_id)

    def source(self, source_id: str) -> Source:
        for source in self.sources:
            if source.id == source_id:
                return source
        raise KeyError(source_id)

    def indicators_for(self, goal_id: str) -> tuple[Indicator, ...]:
        return tuple(i for i in self.indicators if i.goal == goal_id)

    @property
    def needs_review(self) -> bool:
        return self.status != "reviewed" or any(i.needs_review for i in self.indicators)


def _first_duplicate(ids: list[str]) -> str | None:
    duplicates = sorted(i for i, n in Counter(ids).items() if n > 1)
    return duplicates[0] if duplicates else None


def _check_references(name: str, raw: dict[str, Any]) -> None:
    """What the schema cannot check: ids unique, every reference pointing somewhere, and
    every goal followed by at least one indicator (a goal without one is a data loss)."""
    goals = [g["id"] for g in raw["goals"]]
    indicators = [i["id"] for i in raw["indicators"]]
    sources = [s["id"] for s in raw["sources"]]
    numbers = [str(g["number"]) for g in raw["goals"]]
    for kind, ids in (
        ("goal id", goals),
        ("goal number", numbers),
        ("indicator id", indicators),
        ("source id", sources),
    ):
        duplicate = _first_duplicate(ids)
        if duplicate is not None:
            raise IndicatorError(f"{name}: {kind} {duplicate!r} is used twice")
    for index, indicator in enumerate(raw["indicators"]):
        if indicator["goal"] not in goals:
            raise IndicatorError(
                f"{name}, at indicators/{index}/goal: indicator {indicator['id']!r} names "
                f"unknown goal {indicator['goal']!r} (known: {', '.join(goals)})"
            )
        if indicator["data_type"] is not None and indicator["denominator"] is None:
            raise IndicatorError(
                f"{name}, at indicators/{index}/denominator: indicator {indicator['id']!r} has "
                f"data_type {indicator['data_type']!r}, which needs a denominator"
            )
    for kind, items in (("goal", raw["goals"]), ("indicator", raw["indicators"])):
        for index, item in enumerate(items):
            for source_id in item["sources"]:
                if source_id not in sources:
                    raise IndicatorError(
                        f"{name}, at {kind}s/{index}/sources: {kind} {item['id']!r} names "
                        f"unknown source {source_id!r}"
                    )
    followed = {i["goal"] for i in raw["indicators"]}
    for index, goal_id in enumerate(goals):
        if goal_id not in followed:
            raise IndicatorError(f"{name}, at goals/{index}: goal {goal_id!r} has no indicators")
    cited = {s for item in raw["goals"] + raw["indicators"] for s in item["sources"]}
    unused = sorted(set(sources) - cited)
    if unused:
        raise IndicatorError(f"{name}: source {unused[0]!r} is listed but nothing cites it")


def load_indicator_set(path: Path) -> IndicatorSet:
    """Read, validate and return one indicator file."""
    name = path.name
    raw = read_checked(path, SCHEMA, IndicatorError)
    _check_references(name, raw)
    review = raw["review"]
    return IndicatorSet(
        id=raw["id"],
        version=raw["version"],
        country=raw["country"],
        title=_text(raw["title"]),
        summary=_text(raw["summary"]),
        author=review["author"],
        reviewed_by=review["reviewed_by"],
        reviewed_on=date_or_none(review["reviewed_on"]),
        next_review=dt.date.fromisoformat(review["next_review"]),
        status=review["status"],
        sources=tuple(
            Source(
                id=s["id"],
                title=s["title"],
                publisher=s["publisher"],
                year=s["year"],
                url=s.get("url", ""),
                note=s.get("note", ""),
            )
            for s in raw["sources"]
        ),
        goals=tuple(
            Goal(
                id=g["id"],
                number=g["number"],
                title=_text(g["title"]),
                description=_text(g["description"]),
                sources=tuple(g["sources"]),
            )
            for g in raw["goals"]
        ),
        indicators=tuple(_indicator(i) for i in raw["indicators"]),
    )


def _indicator(i: dict[str, Any]) -> Indicator:
    return Indicator(
        id=i["id"],
        goal=i["goal"],
        title=_text(i["title"]),
        definition=_text(i["definition"]),
        numerator=_text(i["numerator"]),
        denominator=_text(i["denominator"]) if i["denominator"] is not None else None,
        unit=_text(i["unit"]),
        multiplier=float(i["multiplier"]),
        direction=i["direction"],
        levels=tuple(i["levels"]),
        period=i["period"],
        data_type=i["data_type"],
        sources=tuple(i["sources"]),
        needs_review=i["definition_status"]["needs_review"],
        review_note=i["definition_status"]["note"],
    )


def indicator_files() -> list[Path]:
    return sorted(DATA.glob("*.yaml"))


def load_all() -> list[IndicatorSet]:
    """Every indicator set of the library, validated. Indicator ids must be unique across all
    files, because data and charts will refer to an indicator by its id alone."""
    sets = [load_indicator_set(path) for path in indicator_files()]
    seen: dict[str, str] = {}
    for indicator_set in sets:
        for indicator in indicator_set.indicators:
            if indicator.id in seen:
                raise IndicatorError(
                    f"{indicator_set.id}.yaml: indicator id {indicator.id!r} is also used in "
                    f"{seen[indicator.id]}.yaml"
                )
            seen[indicator.id] = indicator_set.id
    return sets
