"""Every shipped change package loads, validates against the schema and says what it must."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from forbedring.packages.library import PackageError, load_all, load_package, package_files

EXPECTED = {
    "pressure-ulcers", "medication", "falls", "catheter-uti", "nutrition",
    "early-detection", "oral-care", "patient-pathways",
}  # fmt: skip


def test_every_package_loads_and_validates() -> None:
    packages = load_all()
    assert {p.id for p in packages} == EXPECTED
    for package in packages:
        assert package.sources, package.id
        assert package.measures, package.id
        for bundle in package.bundles:
            assert 3 <= len(bundle.elements) <= 5
            assert package.measure(bundle.measure).chart_type in {"p", "pp", "run"}
        for measure in package.measures:
            if measure.has_denominator:
                assert measure.denominator is not None
            for text in (measure.name, measure.numerator, measure.inclusion, measure.unit):
                assert text.da and text.nb and text.en


def test_package_files_are_named_by_their_id() -> None:
    assert [p.stem for p in package_files()] == sorted(EXPECTED)


def test_packages_carry_review_fields() -> None:
    for package in load_all():
        assert package.author
        assert package.next_review > (package.reviewed_on or package.next_review.replace(year=2000))
        if package.status == "reviewed":
            assert package.reviewed_by and package.reviewed_on


# The demo simulates data for these measures by id: the package must keep them as they are.
PATHWAY_MEASURES = {
    "pathways-what-matters": ("process", "p", "increase"),
    "pathways-reception-visit": ("process", "p", "increase"),
    "pathways-discharge-report": ("process", "p", "increase"),
    "pathways-readmission": ("outcome", "p", "decrease"),
}


def test_patient_pathways_keeps_the_measures_the_demo_uses() -> None:
    package = next(p for p in load_all() if p.id == "patient-pathways")
    for measure_id, expected in PATHWAY_MEASURES.items():
        measure = package.measure(measure_id)
        assert (measure.kind, measure.chart_type, measure.direction) == expected, measure_id
        assert measure.has_denominator and measure.multiplier == 100
        assert measure.unit.en == "%"
    (bundle,) = package.bundles
    assert package.measure(bundle.measure).id == "pathways-bundle-compliance"


MINIMAL = """
id: broken
version: 1
title: {da: Fald, nb: Fall, en: Falls}
summary: {da: x, nb: x, en: x}
programmes: [i-sikre-haender]
review: {author: A, reviewed_by: "", reviewed_on: null, next_review: "2027-01-01", status: draft}
sources: [{title: T, publisher: P, year: 2020}]
goals: [{id: fewer, text: {da: x, nb: x, en: x}, measure: nope}]
bundles: []
change_ideas: [{id: idea, title: {da: x, nb: x, en: x}, description: {da: x, nb: x, en: x}}]
measures:
  - id: falls
    name: {da: Fald, nb: Fall, en: Falls}
    kind: outcome
    has_denominator: true
    numerator: {da: x, nb: x, en: x}
    denominator: {da: x, nb: x, en: x}
    inclusion: {da: x, nb: x, en: x}
    exclusion: {da: x, nb: x, en: x}
    data_source: {da: x, nb: x, en: x}
    sampling: {da: x, nb: x, en: x}
    frequency: month
    chart_type: u
    direction: decrease
    multiplier: 1000
    unit: {da: x, nb: x, en: x}
    definition_status: {needs_review: true, note: our proposal}
"""


def test_broken_package_names_the_problem(tmp_path: Path) -> None:
    path = tmp_path / "broken.yaml"
    path.write_text(textwrap.dedent(MINIMAL), encoding="utf-8")
    with pytest.raises(PackageError, match="goal 'fewer' names unknown measure 'nope'"):
        load_package(path)
    path.write_text(MINIMAL.replace("chart_type: u", "chart_type: pie"), encoding="utf-8")
    with pytest.raises(PackageError, match=r"broken.yaml, at measures/0/chart_type"):
        load_package(path)
    no_nb = MINIMAL.replace("title: {da: Fald, nb: Fall, en: Falls}", "title: {da: Fald, en: x}")
    path.write_text(no_nb, encoding="utf-8")
    with pytest.raises(PackageError, match="at title: 'nb' is a required property"):
        load_package(path)
