"""Every file of the corpus (scripts/make_import_corpus.py) either imports as its manifest
says or is refused with the message the manifest names."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from django.utils import translation

from forbedring.web.imports.actions import save_plan
from forbedring.web.imports.checking import make_plan
from forbedring.web.imports.mapping import suggest
from forbedring.web.imports.plan import Outcome, PlanError
from forbedring.web.imports.reading import ReadError, read_table
from forbedring.web.measures.models import Observation
from tests.web.imports.conftest import World

CORPUS = Path(__file__).parent / "corpus"
MANIFEST = json.loads((CORPUS / "manifest.json").read_text())


def test_corpus_has_at_least_30_files() -> None:
    assert len(MANIFEST) >= 30
    assert {e["file"] for e in MANIFEST} == {p.name for p in CORPUS.iterdir()} - {"manifest.json"}


@pytest.mark.parametrize("entry", MANIFEST, ids=[e["file"] for e in MANIFEST])
def test_corpus_file_imports_or_is_refused_as_expected(world: World, entry: dict) -> None:
    data = (CORPUS / entry["file"]).read_bytes()
    measure = world.measure(entry["context_measure"]) if "context_measure" in entry else None
    with translation.override("en"):
        if entry["expect"] == "read_error":
            with pytest.raises(ReadError) as refused:
                read_table(data, entry["file"])
            assert entry["message"] in refused.value.message
            return
        table = read_table(data, entry["file"])
        mapping = entry.get("mapping") or suggest(table.header, world.team)
        if entry["expect"] == "plan_error":
            with pytest.raises(PlanError) as refused_plan:
                make_plan(table, mapping, team=world.team, measure=measure, by=world.member)
            assert entry["message"] in " ".join(refused_plan.value.messages)
            return
        plan = make_plan(table, mapping, team=world.team, measure=measure, by=world.member)
    if entry["expect"] == "row_errors":
        found = {(r.row.number, e.column): e.message for r in plan.errors for e in r.errors}
        for row, column, text in entry["errors"]:
            assert (row, column) in found, (row, column, found)
            assert text in found[(row, column)]
        assert len(plan.errors) == len(entry["errors"])
        assert Observation.objects.count() == 0
        return
    assert plan.errors == [], [(r.row.number, r.errors) for r in plan.errors]
    assert {k: v for k, v in plan.counts.items() if v} == entry["counts"]
    save_plan(plan, by=world.member)
    assert Observation.objects.count() == entry["counts"]["new"]
    if "check" in entry:
        _check_saved(plan.rows[entry["check"]["row"]], entry["check"])


def _check_saved(row_plan, check: dict) -> None:  # type: ignore[no-untyped-def]
    saved = Observation.objects.get(
        team=row_plan.team, measure=row_plan.measure, period=row_plan.period
    )
    if "period" in check:
        assert saved.period == dt.date.fromisoformat(check["period"])
    for name in ("numerator", "denominator", "value"):
        if name in check:
            assert getattr(saved, name) == pytest.approx(check[name])
    if "comment" in check:
        assert saved.comment == check["comment"]
    assert row_plan.outcome == Outcome.NEW
