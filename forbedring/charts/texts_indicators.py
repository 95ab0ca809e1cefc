"""Words of the indicator charts (funnel plot, trend) in Danish, Norwegian Bokmål and English.

Kept apart from :mod:`forbedring.charts.texts` so the indicator charts can grow without touching
the run-chart catalogue, but under the same rules: plain dicts (the charts are drawn in workers
and from the command line, without an active Django translation), :meth:`str.format`
templates with the same placeholders in every language (a test checks it), no apostrophes (a
spec may quote a text in a Vega expression), terms from the glossary in DESIGN.md §7.
"""

from __future__ import annotations

from forbedring.charts.model import Lang

EN: dict[str, str] = {
    "national_value": "National value",
    "limits_95": "95% limits",
    "limits_998": "99.8% limits",
    "adjusted": "adjusted for overdispersion",
    "unadjusted": "not adjusted for overdispersion",
    "area": "Area",
    "value": "Value",
    "numerator": "Numerator",
    "denominator": "Denominator",
    "placement": "Placement",
    "period": "Period",
    "ranked": "Areas, ranked by value",
    "level_municipality": "municipalities",
    "level_region": "regions",
    "quarter": "{year} Q{quarter}",
    # Descriptions for screen readers and the page ("the chart in words").
    "funnel_lead": "Funnel plot of {title}, {period}: {count} {level} plotted against "
    "{denominator}.",
    "values_lead": "{title}, {period}: the values of {count} {level}, ranked.",
    "values_against": "{title}, {period}: the values of {count} {level}, plotted against "
    "{denominator}.",
    "no_limits": "No funnel limits: the indicator is published as a value only, or no area "
    "had data to judge.",
    "national_sentence": "The national value is {value}.",
    "counts_sentence": "Outside the {limits} ({method}): {better} better, {worse} worse; "
    "{expected} as expected.",
    "highlight_sentence": "{name}: {value}, {placement}.",
    "highlight_value": "{name}: {value}.",
    "trend_lead": "{name}, {title}: {count} values from {first} to {last}.",
    "trend_one": "{name}, {title}: one value, {value} in {last}.",
    "trend_latest": "Latest {value} in {last}.",
    "trend_previous": "The period before: {value}.",
    "trend_nation": "{nation} in {last}: {value}.",
}

DA: dict[str, str] = {
    "national_value": "Landsværdi",
    "limits_95": "95 %-grænser",
    "limits_998": "99,8 %-grænser",
    "adjusted": "justeret for overspredning",
    "unadjusted": "ikke justeret for overspredning",
    "area": "Område",
    "value": "Værdi",
    "numerator": "Tæller",
    "denominator": "Nævner",
    "placement": "Placering",
    "period": "Periode",
    "ranked": "Områder, ordnet efter værdi",
    "level_municipality": "kommuner",
    "level_region": "regioner",
    "quarter": "{year} K{quarter}",
    "funnel_lead": "Tragtdiagram for {title}, {period}: {count} {level} afbildet mod "
    "{denominator}.",
    "values_lead": "{title}, {period}: værdierne for {count} {level}, ordnet.",
    "values_against": "{title}, {period}: værdierne for {count} {level}, afbildet mod "
    "{denominator}.",
    "no_limits": "Ingen tragtgrænser: indikatoren offentliggøres kun som en værdi, eller intet "
    "område havde data, der kunne vurderes.",
    "national_sentence": "Landsværdien er {value}.",
    "counts_sentence": "Uden for {limits} ({method}): {better} bedre, {worse} dårligere; "
    "{expected} som forventet.",
    "highlight_sentence": "{name}: {value}, {placement}.",
    "highlight_value": "{name}: {value}.",
    "trend_lead": "{name}, {title}: {count} værdier fra {first} til {last}.",
    "trend_one": "{name}, {title}: én værdi, {value} i {last}.",
    "trend_latest": "Senest {value} i {last}.",
    "trend_previous": "Perioden før: {value}.",
    "trend_nation": "{nation} i {last}: {value}.",
}

NB: dict[str, str] = {
    "national_value": "Nasjonal verdi",
    "limits_95": "95 %-grenser",
    "limits_998": "99,8 %-grenser",
    "adjusted": "justert for overspredning",
    "unadjusted": "ikke justert for overspredning",
    "area": "Område",
    "value": "Verdi",
    "numerator": "Teller",
    "denominator": "Nevner",
    "placement": "Plassering",
    "period": "Periode",
    "ranked": "Områder, ordnet etter verdi",
    "level_municipality": "kommuner",
    "level_region": "regioner",
    "quarter": "{year} K{quarter}",
    "funnel_lead": "Traktdiagram for {title}, {period}: {count} {level} plottet mot {denominator}.",
    "values_lead": "{title}, {period}: verdiene for {count} {level}, ordnet.",
    "values_against": "{title}, {period}: verdiene for {count} {level}, plottet mot {denominator}.",
    "no_limits": "Ingen traktgrenser: indikatoren publiseres bare som en verdi, eller ingen "
    "områder hadde data som kunne vurderes.",
    "national_sentence": "Den nasjonale verdien er {value}.",
    "counts_sentence": "Utenfor {limits} ({method}): {better} bedre, {worse} dårligere; "
    "{expected} som forventet.",
    "highlight_sentence": "{name}: {value}, {placement}.",
    "highlight_value": "{name}: {value}.",
    "trend_lead": "{name}, {title}: {count} verdier fra {first} til {last}.",
    "trend_one": "{name}, {title}: én verdi, {value} i {last}.",
    "trend_latest": "Sist {value} i {last}.",
    "trend_previous": "Perioden før: {value}.",
    "trend_nation": "{nation} i {last}: {value}.",
}

INDICATOR_TEXTS: dict[Lang, dict[str, str]] = {"da": DA, "nb": NB, "en": EN}


def indicator_text(key: str, lang: Lang, **values: object) -> str:
    """The text of ``key`` in ``lang`` with ``values`` filled in; KeyError for a typo, so a
    Danish chart never quietly shows English."""
    return INDICATOR_TEXTS[lang][key].format(**values)
