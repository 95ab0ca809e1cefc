"""Plain-text chart summaries and captions, from hand-made chart models, in da, nb and en."""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import replace

import numpy as np
import pytest

from forbedring.charts.model import (
    LANGUAGES,
    Lang,
    MdcChart,
    MdcPanel,
    RunsStats,
    SpcChart,
    SpcPanel,
    XValue,
    spc_chart_from_qic,
)
from forbedring.charts.summary import (
    signal_caption,
    signal_caption_mdc,
    summarise_mdc,
    summarise_spc,
)
from forbedring.charts.texts import text
from forbedring.spc.qic import CHART_TYPES, qic

NAN = math.nan
SHIFT = RunsStats(
    n_useful=36, longest_run=9, longest_run_max=8, n_crossings=10, n_crossings_min=11, signal=True
)
RANDOM = RunsStats(
    n_useful=36, longest_run=5, longest_run_max=8, n_crossings=17, n_crossings_min=11, signal=False
)


def months(count: int, start: dt.date = dt.date(2023, 1, 1)) -> list[XValue]:
    return [
        dt.date(start.year + (start.month - 1 + i) // 12, (start.month - 1 + i) % 12 + 1, 1)
        for i in range(count)
    ]


def spc_panel(
    n: int = 36,
    *,
    label: str | None = None,
    x: list[XValue] | None = None,
    cl: float = 12.0,
    limits: tuple[float, float] | None = None,
    outside: tuple[int, ...] = (),
    part: list[int] | None = None,
    runs: dict[int, RunsStats] | None = None,
    **changes: object,
) -> SpcPanel:
    """A panel of n points (or one per x) around the centre line; limits NaN unless given."""
    n = len(x) if x is not None else n
    lcl, ucl = limits if limits else (NAN, NAN)
    panel = SpcPanel(
        label=label,
        x=x if x is not None else list(range(1, n + 1)),
        y=[cl + (i % 5) - 2 for i in range(n)],
        numerator=[NAN] * n,
        denominator=[NAN] * n,
        cl=[cl] * n,
        lcl=[lcl] * n,
        ucl=[ucl] * n,
        part=part or [1] * n,
        baseline=[True] * n,
        include=[True] * n,
        sigma_signal=[i in outside for i in range(n)],
        runs=runs or {1: SHIFT},
    )
    return replace(panel, **changes)  # type: ignore[arg-type]


def run_chart(lang: Lang = "en", **changes: object) -> SpcChart:
    return replace(SpcChart("run", "numeric", [spc_panel()], lang=lang), **changes)  # type: ignore[arg-type]


def falls_chart(lang: Lang, **changes: object) -> SpcChart:
    """A U chart of falls per 1,000 resident-days with two points above the upper limit."""
    panel = spc_panel(x=months(24), cl=4.25, limits=(0.61, 7.9), outside=(5, 20), runs={1: RANDOM})
    chart = SpcChart("u", "date", [panel], lang=lang, unit="per 1.000 døgn")
    return replace(chart, **changes)  # type: ignore[arg-type]


# --- Run and control charts -------------------------------------------------------------


def test_summarise_spc_run_chart_with_shift_en() -> None:
    assert summarise_spc(run_chart()) == (
        "Run chart, 36 points, median 12. "
        "Longest run 9 (limit 8): unusually long, a sign of a shift. "
        "Crossings 10 (minimum 11): unusually few, a sign of a shift or trend."
    )


def test_summarise_spc_run_chart_with_shift_da() -> None:
    assert summarise_spc(run_chart("da", x_kind="date", panels=[spc_panel(x=months(36))])) == (
        "Seriediagram, 36 punkter fra jan. 2023 til dec. 2025, median 12. "
        "Længste serie 9 (grænse 8): usædvanligt lang, tegn på et niveauskift. "
        "Antal kryds 10 (mindst 11): usædvanligt få, tegn på et niveauskift eller en trend."
    )


def test_summarise_spc_run_chart_with_shift_nb() -> None:
    assert summarise_spc(run_chart("nb", x_kind="date", panels=[spc_panel(x=months(36))])) == (
        "Seriediagram, 36 punkter fra jan 2023 til des 2025, median 12. "
        "Lengste serie 9 (grense 8): uvanlig lang, tegn på et nivåskift. "
        "Antall kryssinger 10 (minst 11): uvanlig få, tegn på et nivåskift eller en trend."
    )


def test_summarise_spc_control_chart_points_outside_limits_en() -> None:
    assert summarise_spc(falls_chart("en", unit="per 1,000 resident-days")) == (
        "U chart (rates), 24 points from Jan 2023 to Dec 2024, centre line 4.3 per 1,000 "
        "resident-days, control limits 0.61 to 7.9. Longest run 5 (limit 8). "
        "Crossings 17 (minimum 11). "
        "2 points outside the control limits: a sign of a special cause."
    )


def test_summarise_spc_control_chart_points_outside_limits_da() -> None:
    assert summarise_spc(falls_chart("da")) == (
        "U-kontroldiagram (rater), 24 punkter fra jan. 2023 til dec. 2024, centerlinje 4,3 per "
        "1.000 døgn, kontrolgrænser 0,61 til 7,9. Længste serie 5 (grænse 8). "
        "Antal kryds 17 (mindst 11). "
        "2 punkter uden for kontrolgrænserne: tegn på særlig årsag."
    )


def test_summarise_spc_control_chart_one_point_outside_nb() -> None:
    chart = falls_chart("nb", unit="per 1 000 døgn")
    panel = replace(chart.panels[0], sigma_signal=[i == 3 for i in range(24)])
    assert summarise_spc(replace(chart, panels=[panel])) == (
        "U-kontrolldiagram (rater), 24 punkter fra jan 2023 til des 2024, senterlinje 4,3 per "
        "1 000 døgn, kontrollgrenser 0,61 til 7,9. Lengste serie 5 (grense 8). "
        "Antall kryssinger 17 (minst 11). "
        "1 punkt utenfor kontrollgrensene: tegn på spesiell årsak."
    )


@pytest.mark.parametrize(
    ("lang", "verdict"),
    [
        ("en", "No sign of non-random variation."),
        ("da", "Ingen tegn på ikke-tilfældig variation."),
        ("nb", "Ingen tegn på ikke-tilfeldig variasjon."),
    ],
)
def test_summarise_spc_without_signal_says_so(lang: Lang, verdict: str) -> None:
    chart = SpcChart("i", "numeric", [spc_panel(limits=(4.1, 20.0), runs={1: RANDOM})], lang=lang)
    assert summarise_spc(chart).endswith(
        f"{text('summary_crossings', lang, n=17, minimum=11)} {verdict}"
    )


def test_summarise_spc_two_phases_describes_the_last_in_detail_en() -> None:
    panel = spc_panel(
        x=months(36),
        part=[1] * 18 + [2] * 18,
        limits=(70.0, 98.54),
        cl=85.71,
        runs={
            1: replace(RANDOM, longest_run=4, longest_run_max=7),
            2: replace(SHIFT, longest_run_max=7, n_crossings_min=6, n_crossings=5),
        },
    )
    chart = SpcChart("p", "date", [panel], lang="en", unit="%", phase_labels=["Before", "Bundle"])
    assert summarise_spc(chart) == (
        "P chart (proportions), 36 points from Jan 2023 to Dec 2025 in 2 phases. "
        "Phase 1 of 2 (Before, from Jan 2023): 18 points, centre line 85.7%, control limits "
        "70% to 98.5%; no sign of non-random variation. "
        "Phase 2 of 2 (Bundle, from Jul 2024): 18 points, centre line 85.7%, control limits "
        "70% to 98.5%. Longest run 9 (limit 7): unusually long, a sign of a shift. "
        "Crossings 5 (minimum 6): unusually few, a sign of a shift or trend."
    )


def test_summarise_spc_two_phases_nb_with_percent_and_signal_earlier() -> None:
    panel = spc_panel(
        x=months(24),
        part=[1] * 12 + [2] * 12,
        limits=(70.0, 98.54),
        cl=85.71,
        outside=(2,),
        runs={1: RANDOM, 2: RANDOM},
    )
    chart = SpcChart("p", "date", [panel], lang="nb", unit="%")
    nbsp = "\u00a0"
    assert summarise_spc(chart) == (
        "P-kontrolldiagram (andeler), 24 punkter fra jan 2023 til des 2024 i 2 faser. "
        f"Fase 1 av 2 (fra jan 2023): 12 punkter, senterlinje 85,7{nbsp}%, kontrollgrenser "
        f"70{nbsp}% til 98,5{nbsp}%; tegn på ikke-tilfeldig variasjon. "
        f"Fase 2 av 2 (fra jan 2024): 12 punkter, senterlinje 85,7{nbsp}%, kontrollgrenser "
        f"70{nbsp}% til 98,5{nbsp}%. Lengste serie 5 (grense 8). Antall kryssinger 17 (minst 11). "
        "Ingen tegn på ikke-tilfeldig variasjon."
    )


def test_summarise_spc_facets_are_prefixed_with_their_labels() -> None:
    panels = [
        spc_panel(label="Solgården", limits=(1.0, 9.0), cl=5.0, outside=(4,)),
        spc_panel(label="Fjordhuset", limits=(1.0, 9.0), cl=5.0, runs={1: RANDOM}),
        spc_panel(label=None, limits=(1.0, 9.0), cl=5.0, runs={1: RANDOM}),
    ]
    summary = summarise_spc(SpcChart("c", "numeric", panels, lang="da"))
    assert summary.startswith(
        "C-kontroldiagram (antal) for 3 grupper: Solgården, Fjordhuset og Gruppe 3. "
        "Solgården: 36 punkter, centerlinje 5, kontrolgrænser 1 til 9. Længste serie 9"
    )
    assert "1 punkt uden for kontrolgrænserne" in summary
    assert " Fjordhuset: 36 punkter, centerlinje 5, kontrolgrænser 1 til 9. " in summary
    assert summary.endswith(
        "Gruppe 3: 36 punkter, centerlinje 5, kontrolgrænser 1 til 9. "
        "Længste serie 5 (grænse 8). Antal kryds 17 (mindst 11). "
        "Ingen tegn på ikke-tilfældig variation."
    )


def test_summarise_spc_single_labelled_panel() -> None:
    chart = run_chart(panels=[spc_panel(label="Solgården", runs={1: RANDOM})])
    assert summarise_spc(chart).startswith("Run chart. Solgården: 36 points, median 12. ")


@pytest.mark.parametrize(
    ("target", "expected"),
    [
        (5.0, "Target 5: within the control limits."),
        (9.5, "Target 9.5: above the upper control limit."),
        (0.5, "Target 0.5: below the lower control limit."),
    ],
)
def test_summarise_spc_target_against_the_limits(target: float, expected: str) -> None:
    chart = SpcChart("i", "numeric", [spc_panel(cl=5.0, limits=(1.0, 9.0))], target=target)
    assert summarise_spc(chart).endswith(expected)


@pytest.mark.parametrize(
    ("lang", "target", "expected"),
    [
        ("en", 15.0, "Target 15: above the median."),
        ("en", 12.0, "Target 12: equal to the median."),
        ("da", 2.5, "Mål 2,5: under medianen."),
        ("nb", 2.5, "Mål 2,5: under medianen."),
    ],
)
def test_summarise_spc_run_chart_target_against_the_median(
    lang: Lang, target: float, expected: str
) -> None:
    assert summarise_spc(run_chart(lang, target=target)).endswith(expected)


def test_summarise_spc_varying_limits_gives_those_of_the_last_point() -> None:
    panel = spc_panel(
        n=3,
        limits=(0.0, 0.0),
        cl=50.0,
        runs={1: RANDOM},
        lcl=[30.0, 35.0, 32.0],
        ucl=[70.0, 65.0, 68.04],
    )
    summary = summarise_spc(SpcChart("p", "numeric", [panel], unit="%"))
    assert "centre line 50%, control limits at the last point 32% to 68%." in summary


def test_summarise_spc_only_an_upper_limit() -> None:
    panel = spc_panel(cl=3.0, limits=(NAN, 8.0), runs={1: RANDOM})
    summary = summarise_spc(SpcChart("c", "numeric", [panel], target=2.0))
    assert "centre line 3, upper control limit 8." in summary
    assert summary.endswith("Target 2: within the control limits.")


def test_summarise_spc_baseline_and_excluded_points() -> None:
    panel = spc_panel(
        limits=(4.0, 20.0),
        runs={1: RANDOM},
        baseline=[i < 12 for i in range(36)],
        include=[i not in (3, 7) for i in range(36)],
    )
    summary = summarise_spc(SpcChart("i", "numeric", [panel], lang="da", freeze=12))
    assert (
        "kontrolgrænser 4 til 20. Centerlinje og kontrolgrænser fra de første 12 punkter "
        "(baseline). 2 punkter er udeladt af beregningerne. Længste serie" in summary
    )


def test_summarise_spc_g_chart_has_a_median() -> None:
    summary = summarise_spc(SpcChart("g", "numeric", [spc_panel(limits=(0.0, 40.0))]))
    assert summary.startswith("G chart (number between events), 36 points, median 12, control")


def test_summarise_spc_no_data() -> None:
    empty = spc_panel(n=3, y=[NAN, NAN, NAN])
    assert summarise_spc(run_chart(panels=[empty])) == "Run chart, no data."
    assert summarise_spc(run_chart("nb", panels=[])) == "Seriediagram, ingen data."


@pytest.mark.parametrize("chart_type", CHART_TYPES)
@pytest.mark.parametrize("lang", LANGUAGES)
def test_summarise_spc_every_chart_type_and_language(chart_type: str, lang: Lang) -> None:
    chart = SpcChart(chart_type, "numeric", [spc_panel(limits=(1.0, 30.0))], lang=lang)
    summary = summarise_spc(chart)
    assert summary.startswith(text(f"chart_{chart_type}", lang) + ", 36 ")
    assert "{" not in summary and "nan" not in summary.lower()


def test_summarise_spc_from_the_engine() -> None:
    """A real engine result: a level shift after 12 months gives the runs signal in words."""
    y = np.r_[np.full(12, 10.0), np.full(12, 14.0)] + np.tile([0.5, -0.5, 0.3, -0.3], 6)
    result = qic(y, chart="i")
    chart = spc_chart_from_qic(result, "i", months(24), "date", lang="en")
    summary = summarise_spc(chart)
    assert summary.startswith("I chart (individuals), 24 points from Jan 2023 to Dec 2024, ")
    assert "Longest run 12 (limit 8): unusually long, a sign of a shift." in summary
    assert "Crossings 1 (minimum 8): unusually few" in summary


def test_signal_caption_single_panel() -> None:
    assert signal_caption(run_chart()) == ["Signals: unusually long run, unusually few crossings."]
    assert signal_caption(falls_chart("da")) == ["Signaler: 2 punkter uden for kontrolgrænserne."]
    quiet = run_chart("nb", panels=[spc_panel(runs={1: RANDOM})])
    assert signal_caption(quiet) == ["Ingen tegn på ikke-tilfeldig variasjon."]


def test_signal_caption_facets_one_line_each_for_the_last_phase() -> None:
    panels = [
        spc_panel(
            label="Solgården",
            limits=(1.0, 30.0),
            outside=(35,),
            part=[1] * 18 + [2] * 18,
            runs={1: SHIFT, 2: RANDOM},
        ),
        spc_panel(label="Fjordhuset", limits=(1.0, 30.0), runs={1: RANDOM}),
    ]
    assert signal_caption(SpcChart("i", "numeric", panels)) == [
        "Solgården: 1 point outside the control limits.",
        "Fjordhuset: no sign of non-random variation.",
    ]


# --- Making Data Count ---------------------------------------------------------------------


def mdc_panel(label: str | None = None, *, groups: int = 1, **changes: object) -> MdcPanel:
    n = 36
    first = n // groups
    rebase = [0 if i < first or groups == 1 else 1 for i in range(n)]
    panel = MdcPanel(
        label=label,
        x=months(n),
        y=[6.0 + (i % 3) - 1 for i in range(n)],
        mean=[8.2 if g == 0 and groups > 1 else 6.08 for g in rebase],
        lpl=[4.0 if g == 0 and groups > 1 else 2.1 for g in rebase],
        upl=[12.4 if g == 0 and groups > 1 else 10.14 for g in rebase],
        rebase_group=rebase,
        point_type=["common_cause"] * 32
        + ["special_cause_improvement"] * 3
        + ["special_cause_concern"],
        target=5.0,
        variation_icon="improvement_low",
        assurance_icon="inconsistent",
    )
    return replace(panel, **changes)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        (
            "en",
            "Making Data Count chart, 36 points from Jan 2023 to Dec 2025, mean 6.1, process "
            "limits 2.1 to 10.1. Lower values are better. Special-cause points: 3 improvement, "
            "1 concern. Variation: special cause, improvement (lower values). Assurance: the "
            "target of 5 will sometimes be met and sometimes missed.",
        ),
        (
            "da",
            "Making Data Count-diagram, 36 punkter fra jan. 2023 til dec. 2025, gennemsnit 6,1, "
            "procesgrænser 2,1 til 10,1. Lavere værdier er bedre. Punkter med særlig årsag: "
            "3 med forbedring, 1 med forværring. Variation: særlig årsag, forbedring (lavere "
            "værdier). Målopfyldelse: målet på 5 vil nogle gange blive nået og andre gange "
            "ikke.",
        ),
        (
            "nb",
            "Making Data Count-diagram, 36 punkter fra jan 2023 til des 2025, gjennomsnitt 6,1, "
            "prosessgrenser 2,1 til 10,1. Lavere verdier er bedre. Punkter med spesiell årsak: "
            "3 med forbedring, 1 med forverring. Variasjon: spesiell årsak, forbedring "
            "(lavere verdier). Måloppnåelse: målet på 5 vil noen ganger bli nådd og andre "
            "ganger ikke.",
        ),
    ],
)
def test_summarise_mdc_with_target(lang: Lang, expected: str) -> None:
    assert summarise_mdc(MdcChart("decrease", [mdc_panel()], lang=lang)) == expected


def test_summarise_mdc_rebased_describes_each_phase() -> None:
    chart = MdcChart("decrease", [mdc_panel("Lindely", groups=2)], unit="per 1,000 bed days")
    assert summarise_mdc(chart).startswith(
        "Making Data Count chart. Lower values are better. Lindely: 36 points from Jan 2023 to "
        "Dec 2025 in 2 phases. Phase 1 of 2 (from Jan 2023): 18 points, mean 8.2 per 1,000 bed "
        "days, process limits 4 to 12.4. Phase 2 of 2 (from Jul 2024): 18 points, mean 6.1 per "
        "1,000 bed days, process limits 2.1 to 10.1. Special-cause points: 3 improvement, "
        "1 concern. Variation:"
    )


@pytest.mark.parametrize(
    ("icon", "expected"),
    [
        ("pass", "Assurance: the target of 5 will consistently be met."),
        ("fail", "Assurance: the target of 5 will consistently be missed."),
        ("", "Target 5."),
    ],
)
def test_summarise_mdc_assurance(icon: str, expected: str) -> None:
    chart = MdcChart("increase", [mdc_panel(assurance_icon=icon)])
    assert summarise_mdc(chart).endswith(expected)


def test_summarise_mdc_neutral_without_target() -> None:
    panel = mdc_panel(
        target=None,
        assurance_icon="",
        variation_icon="neutral_high",
        point_type=["common_cause"] * 35 + ["special_cause_neutral_high"],
    )
    assert summarise_mdc(MdcChart("neutral", [panel], lang="da")).endswith(
        "procesgrænser 2,1 til 10,1. Punkter med særlig årsag: 1 neutrale. Variation: særlig "
        "årsag, hverken forbedring eller forværring (højere værdier)."
    )


def test_summarise_mdc_no_panels() -> None:
    assert summarise_mdc(MdcChart("increase", [], lang="nb")) == (
        "Making Data Count-diagram, ingen data."
    )


def test_signal_caption_mdc() -> None:
    single = MdcChart("decrease", [mdc_panel()])
    assert signal_caption_mdc(single) == [
        "Special cause, improvement (lower values); the target of 5 will sometimes be met and "
        "sometimes missed."
    ]
    facets = MdcChart(
        "decrease",
        [mdc_panel("A"), mdc_panel("B", variation_icon="common_cause", target=None)],
        lang="da",
    )
    assert signal_caption_mdc(facets) == [
        "A: særlig årsag, forbedring (lavere værdier); målet på 5 vil nogle gange blive nået og "
        "andre gange ikke.",
        "B: almindelig årsag, ingen væsentlig ændring.",
    ]
