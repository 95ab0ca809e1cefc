"""Every shipped indicator file validates and says what it must; broken files are named clearly."""

from __future__ import annotations

import copy
import datetime as dt
import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

from forbedring.indicators import library
from forbedring.indicators.library import (
    DATA_TYPES,
    DIRECTIONS,
    IndicatorError,
    indicator_files,
    load_all,
    load_indicator_set,
)

EXPECTED_FILES = ["dk-national-goals", "no-quality-indicators"]

# Indicators per goal. A goal that loses (or silently gains) indicators fails here, so a change
# to the data is always a deliberate one, made together with this table.
EXPECTED_COUNTS = {
    "dk-goal-integrated-pathways": 3,
    "dk-goal-chronic-and-older-patients": 3,
    "dk-goal-survival-and-safety": 3,
    "dk-goal-high-quality-treatment": 1,
    "dk-goal-fast-diagnosis-and-treatment": 1,
    "dk-goal-patient-involvement": 2,
    "dk-goal-equality-and-healthy-life-years": 2,
    "dk-goal-efficiency": 2,
    "no-safe-services": 1,
    "no-coordinated-services": 1,
    "no-available-services": 2,
}

DANISH_GOALS = [
    "Bedre sammenhængende patientforløb",
    "Styrket indsats for kronikere og ældre patienter",
    "Forbedret overlevelse og patientsikkerhed",
    "Behandling af høj kvalitet",
    "Hurtig udredning og behandling",
    "Øget patientinddragelse",
    "Mere lighed og flere sunde leveår",
    "Mere effektivt sundhedsvæsen",
]

# Marks we write into a text where it is our own reading: such an indicator must be flagged.
OWN_READING_MARKS = ("(vores læsning)", "(vores forslag)", "(our reading)", "(our proposal)")


def _schema() -> dict[str, Any]:
    schema: dict[str, Any] = json.loads(library.SCHEMA.read_text(encoding="utf-8"))
    return schema


def test_schema_is_valid_and_every_file_validates_against_it() -> None:
    schema = _schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema)
    assert [p.stem for p in indicator_files()] == EXPECTED_FILES
    for path in indicator_files():
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
        assert [e.message for e in validator.iter_errors(raw)] == [], path.name


def test_every_file_loads_and_is_named_by_its_id() -> None:
    sets = load_all()
    assert [s.id for s in sets] == EXPECTED_FILES
    assert {s.id: s.country for s in sets} == {
        "dk-national-goals": "dk",
        "no-quality-indicators": "no",
    }


def test_each_goal_keeps_its_indicators() -> None:
    counts = {
        goal.id: len(indicator_set.indicators_for(goal.id))
        for indicator_set in load_all()
        for goal in indicator_set.goals
    }
    assert counts == EXPECTED_COUNTS


def test_the_danish_file_holds_the_eight_national_goals_in_order() -> None:
    danish = next(s for s in load_all() if s.id == "dk-national-goals")
    assert [g.number for g in danish.goals] == list(range(1, 9))
    assert [g.title.da for g in danish.goals] == DANISH_GOALS


def test_the_municipal_indicators_named_in_the_issue_are_present() -> None:
    sets = {s.id: s for s in load_all()}
    danish, norwegian = sets["dk-national-goals"], sets["no-quality-indicators"]
    preventable = danish.indicator("dk-preventable-admissions-65-plus")
    assert (preventable.multiplier, preventable.data_type) == (1000, "rc")
    assert preventable.goal == "dk-goal-chronic-and-older-patients"
    assert "municipality" in preventable.levels
    assert danish.indicator("dk-acute-readmissions-30-days").direction == "lower-is-better"
    assert danish.indicator("dk-bed-days-ready-for-discharge").unit.en.startswith("days per 1,000")
    review = norwegian.indicator("no-nursing-home-medication-review")
    assert (review.data_type, review.direction, review.multiplier) == (
        "pr",
        "higher-is-better",
        100,
    )
    assert len(norwegian.indicators) >= 4


def test_every_indicator_is_complete_in_three_languages_and_well_typed() -> None:
    for indicator_set in load_all():
        goal_ids = {g.id for g in indicator_set.goals}
        source_ids = {s.id for s in indicator_set.sources}
        for i in indicator_set.indicators:
            where = f"{indicator_set.id}/{i.id}"
            assert i.goal in goal_ids, where
            assert set(i.sources) <= source_ids, where
            texts = [i.title, i.definition, i.numerator, i.unit]
            texts += [i.denominator] if i.denominator else []
            for text in texts:
                assert text.da.strip() and text.nb.strip() and text.en.strip(), where
            assert i.direction in DIRECTIONS, where
            assert i.data_type is None or i.data_type in DATA_TYPES, where
            if i.data_type is not None:
                assert i.denominator is not None, where
            if i.unit.en == "%":
                assert i.multiplier == 100, where
            assert i.higher_is_better == (i.direction == "higher-is-better")


def test_our_own_readings_are_flagged_for_review() -> None:
    flagged = 0
    for indicator_set in load_all():
        for i in indicator_set.indicators:
            texts = [i.definition, i.numerator, i.denominator, i.unit]
            words = " ".join(t.da + t.nb + t.en for t in texts if t)
            if any(mark in words for mark in OWN_READING_MARKS):
                assert i.needs_review, i.id
                flagged += 1
            assert i.review_note.strip(), i.id
    assert flagged >= 2  # the bed-day denominator and the king indicator at least


def test_files_carry_review_fields_and_sources() -> None:
    for indicator_set in load_all():
        assert indicator_set.author == "Forbedring content team"
        assert indicator_set.next_review == dt.date(2027, 11, 22)
        assert indicator_set.status == "draft" and indicator_set.needs_review
        for source in indicator_set.sources:
            assert source.url.startswith("https://"), source.id
            assert source.title and source.publisher, source.id
        for goal in indicator_set.goals:
            assert goal.sources and all(indicator_set.source(s) for s in goal.sources)


def test_indicator_ids_are_unique_across_the_library() -> None:
    ids = [i.id for s in load_all() for i in s.indicators]
    assert len(ids) == len(set(ids))


# A minimal valid file, changed one way per case below to check each message.
MINIMAL: dict[str, Any] = {
    "id": "broken",
    "version": 1,
    "country": "dk",
    "title": {"da": "x", "nb": "x", "en": "x"},
    "summary": {"da": "x", "nb": "x", "en": "x"},
    "review": {
        "author": "A",
        "reviewed_by": "",
        "reviewed_on": None,
        "next_review": "2027-11-22",
        "status": "draft",
    },
    "sources": [{"id": "src", "title": "T", "publisher": "P", "year": 2020}],
    "goals": [
        {
            "id": "first",
            "number": 1,
            "title": {"da": "x", "nb": "x", "en": "x"},
            "description": {"da": "x", "nb": "x", "en": "x"},
            "sources": ["src"],
        }
    ],
    "indicators": [
        {
            "id": "rate",
            "goal": "first",
            "title": {"da": "x", "nb": "x", "en": "x"},
            "definition": {"da": "x", "nb": "x", "en": "x"},
            "numerator": {"da": "x", "nb": "x", "en": "x"},
            "denominator": {"da": "x", "nb": "x", "en": "x"},
            "unit": {"da": "%", "nb": "%", "en": "%"},
            "multiplier": 100,
            "direction": "lower-is-better",
            "levels": ["municipality"],
            "period": "year",
            "data_type": "pr",
            "sources": ["src"],
            "definition_status": {"needs_review": True, "note": "ours"},
        }
    ],
}


def _write(tmp_path: Path, raw: dict[str, Any], name: str = "broken.yaml") -> Path:
    path = tmp_path / name
    path.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    return path


def test_the_minimal_file_loads(tmp_path: Path) -> None:
    loaded = load_indicator_set(_write(tmp_path, MINIMAL))
    assert loaded.indicator("rate").goal == "first"
    assert loaded.goal("first").sources == ("src",)


def _unknown_goal(raw: dict[str, Any]) -> None:
    raw["indicators"][0]["goal"] = "nope"


def _missing_language(raw: dict[str, Any]) -> None:
    del raw["goals"][0]["title"]["nb"]


def _blank_language(raw: dict[str, Any]) -> None:
    raw["indicators"][0]["title"]["en"] = "   "


def _bad_direction(raw: dict[str, Any]) -> None:
    raw["indicators"][0]["direction"] = "up"


def _bad_data_type(raw: dict[str, Any]) -> None:
    raw["indicators"][0]["data_type"] = "pie"


def _rate_without_denominator(raw: dict[str, Any]) -> None:
    raw["indicators"][0]["denominator"] = None


def _goal_without_indicators(raw: dict[str, Any]) -> None:
    second = copy.deepcopy(raw["goals"][0])
    second.update(id="second", number=2)
    raw["goals"].append(second)


def _duplicate_indicator(raw: dict[str, Any]) -> None:
    raw["indicators"].append(copy.deepcopy(raw["indicators"][0]))


def _duplicate_goal_number(raw: dict[str, Any]) -> None:
    second = copy.deepcopy(raw["goals"][0])
    second["id"] = "second"
    raw["goals"].append(second)
    extra = copy.deepcopy(raw["indicators"][0])
    extra.update(id="other", goal="second")
    raw["indicators"].append(extra)


def _unknown_source(raw: dict[str, Any]) -> None:
    raw["indicators"][0]["sources"] = ["src", "ghost"]


def _unused_source(raw: dict[str, Any]) -> None:
    raw["sources"].append({"id": "spare", "title": "T", "publisher": "P", "year": None})


def _id_not_file_name(raw: dict[str, Any]) -> None:
    raw["id"] = "other-name"


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (_unknown_goal, r"broken\.yaml, at indicators/0/goal: indicator 'rate' names unknown goal"),
        (_missing_language, r"broken\.yaml, at goals/0/title: 'nb' is a required property"),
        (_blank_language, r"broken\.yaml, at indicators/0/title/en: '   ' does not match"),
        (_bad_direction, r"broken\.yaml, at indicators/0/direction: 'up' is not one of"),
        (_bad_data_type, r"broken\.yaml, at indicators/0/data_type: 'pie' is not one of"),
        (
            _rate_without_denominator,
            r"broken\.yaml, at indicators/0/denominator: indicator 'rate' has data_type 'pr', "
            r"which needs a denominator",
        ),
        (_goal_without_indicators, r"broken\.yaml, at goals/1: goal 'second' has no indicators"),
        (_duplicate_indicator, r"broken\.yaml: indicator id 'rate' is used twice"),
        (_duplicate_goal_number, r"broken\.yaml: goal number '1' is used twice"),
        (
            _unknown_source,
            r"at indicators/0/sources: indicator 'rate' names unknown source 'ghost'",
        ),
        (_unused_source, r"broken\.yaml: source 'spare' is listed but nothing cites it"),
        (_id_not_file_name, r"broken\.yaml: the id 'other-name' must match the file name"),
    ],
)
def test_a_broken_file_names_the_file_and_the_field(
    tmp_path: Path, change: Any, message: str
) -> None:
    raw = copy.deepcopy(MINIMAL)
    change(raw)
    with pytest.raises(IndicatorError, match=message):
        load_indicator_set(_write(tmp_path, raw))


def test_invalid_yaml_is_reported_with_the_file_name(tmp_path: Path) -> None:
    path = tmp_path / "broken.yaml"
    path.write_text("id: [unclosed\n", encoding="utf-8")
    with pytest.raises(IndicatorError, match=r"broken\.yaml: not valid YAML"):
        load_indicator_set(path)


def test_an_indicator_id_used_in_two_files_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = copy.deepcopy(MINIMAL)
    first["id"] = "aa-first"
    second = copy.deepcopy(MINIMAL)
    second["id"] = "bb-second"
    _write(tmp_path, first, "aa-first.yaml")
    _write(tmp_path, second, "bb-second.yaml")
    monkeypatch.setattr(library, "DATA", tmp_path)
    with pytest.raises(
        IndicatorError, match=r"bb-second\.yaml: indicator id 'rate' is also used in aa-first\.yaml"
    ):
        load_all()
