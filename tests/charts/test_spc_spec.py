"""Run and control chart specs: valid Vega-Lite, and the rendered SVG shows what it should."""

from __future__ import annotations

import datetime as dt
import re

import numpy as np
import pytest

from forbedring.charts.model import Note, SpcChart, spc_chart_from_qic
from forbedring.charts.render import render_svg
from forbedring.charts.spc_spec import spc_spec
from forbedring.spc import qic
from tests.charts.vegalite_schema import assert_valid_vegalite

MONTHS = [dt.date(2024 + (m // 12), m % 12 + 1, 1) for m in range(24)]


def u_chart(**meta: object) -> SpcChart:
    """24 months of infections: a step down after month 12, one month far above the limits."""
    y = [9, 11, 8, 10, 12, 9, 10, 11, 9, 30, 10, 9, 5, 6, 4, 5, 6, 5, 4, 6, 5, 5, 4, 6]
    n = [1000] * 24
    part = meta.pop("part", None)
    freeze = meta.pop("freeze", None)
    exclude = meta.pop("exclude", ())
    result = qic(y, n=n, chart="u", multiply=1000, part=part, freeze=freeze, exclude=exclude)
    return spc_chart_from_qic(result, "u", MONTHS, "date", freeze=freeze, **meta)


def marks(svg: str, name: str) -> list[str]:
    """The SVG elements drawn for a named layer (Vega gives its group the class NAME_marks;
    a line per phase is one such group each)."""
    # An empty group is written self-closed: <g class="... NAME_marks" .../>.
    groups = re.findall(rf'<g class="[^"]*\b{name}_marks"[^>]*?(?:/>|>(.*?)</g>)', svg, re.S)
    return [m for g in groups for m in re.findall(r"<(path|line|text)\b[^>]*>", g)]


def texts(svg: str) -> list[str]:
    return re.findall(r"<text[^>]*>([^<]*)</text>", svg)


def test_spc_spec_is_valid_vegalite_for_every_option() -> None:
    variants = [
        u_chart(),
        u_chart(part=[12], lang="da"),
        u_chart(freeze=12, lang="nb", target=5.0),
        u_chart(exclude=(10,), notes=[Note(dt.date(2024, 6, 1), "PDSA 1")], title="Infections"),
    ]
    for chart in variants:
        assert_valid_vegalite(spc_spec(chart))


def test_spc_svg_has_one_point_mark_per_subgroup() -> None:
    svg = render_svg(spc_spec(u_chart()))
    assert len(marks(svg, "points")) == 24


def test_spc_svg_draws_limits_and_centre_line_per_phase() -> None:
    svg = render_svg(spc_spec(u_chart(part=[12])))
    # One line per phase, so the break between phases is visible.
    assert len(marks(svg, "centre_line")) == 2
    assert len(marks(svg, "ucl_line")) == 2
    assert len(marks(svg, "lcl_line")) == 2
    assert "Phase 1" in texts(svg) and "Phase 2" in texts(svg)


def test_spc_svg_marks_points_outside_the_limits_by_shape_and_colour() -> None:
    spec = spc_spec(u_chart())
    svg = render_svg(spec)
    points = re.search(r'class="[^"]*\bpoints_marks"[^>]*>(.*?)</g>', svg, re.S)
    assert points is not None
    outside = [p for p in re.findall(r"<path[^>]*>", points.group(1)) if "#D55E00" in p]
    assert len(outside) == 1  # month 10, 30 per 1,000
    legend = texts(svg)
    assert "Outside the limits" in legend


def test_spc_svg_dashes_centre_line_of_phase_with_runs_signal() -> None:
    # Without phases the step down gives a long run: the centre line is dashed and coloured.
    svg = render_svg(spc_spec(u_chart()))
    centre = marks(svg, "centre_line")
    assert len(centre) == 1
    line = re.search(r'class="[^"]*\bcentre_line_marks"[^>]*>(.*?)</g>', svg, re.S)
    assert line is not None and 'stroke-dasharray="7,4"' in line.group(1)
    assert "#D55E00" in line.group(1)


def test_spc_svg_writes_the_signals_in_words_under_the_chart() -> None:
    words = texts(render_svg(spc_spec(u_chart())))
    assert any(w.startswith("Signals:") and "outside the control limits" in w for w in words)


def test_spc_svg_shows_target_baseline_notes_and_excluded_points() -> None:
    chart = u_chart(
        freeze=12,
        exclude=(10,),
        target=5.0,
        notes=[Note(dt.date(2024, 6, 1), "PDSA 1: checklist")],
        lang="en",
    )
    svg = render_svg(spc_spec(chart))
    words = texts(svg)
    assert "Target 5" in words
    assert "Baseline" in words
    assert "PDSA 1: checklist" in words
    assert "Excluded" in words
    assert len(marks(svg, "baseline_band")) == 1


def test_spc_svg_writes_numbers_and_months_in_danish() -> None:
    svg = render_svg(spc_spec(u_chart(part=[12], lang="da")))
    words = texts(svg)
    assert "Fase 1" in words
    assert any(re.fullmatch(r"\d+,\d", w) for w in words)  # centre line label, decimal comma
    assert any(w.startswith("jan.") for w in words)


def test_spc_facets_draw_small_multiples() -> None:
    y = list(range(10)) * 3
    result = qic(y, series=np.repeat([0, 1, 2], 10), chart="i")
    chart = spc_chart_from_qic(result, "i", list(range(30)), "numeric", ["A", "B", "C"])
    spec = spc_spec(chart)
    assert_valid_vegalite(spec)
    svg = render_svg(spec)
    assert len(re.findall(r'class="[^"]*\bpoints_marks"', svg)) == 3
    assert {"A", "B", "C"} <= set(texts(svg))


def test_spc_spec_description_is_the_text_summary() -> None:
    spec = spc_spec(u_chart())
    assert spec["description"].startswith("U chart")
    assert any(layer["name"] == "caption" for layer in spec["layer"])


@pytest.mark.parametrize("lang", ["da", "nb", "en"])
def test_spc_run_chart_in_every_language(lang: str) -> None:
    result = qic([3, 5, 4, 6, 5, 7, 4, 6, 5, 8, 6, 7], chart="run")
    chart = spc_chart_from_qic(result, "run", list(range(1, 13)), "numeric", lang=lang)
    spec = spc_spec(chart)
    assert_valid_vegalite(spec)
    assert spec["config"]["locale"]["number"]["decimal"] == ("." if lang == "en" else ",")
