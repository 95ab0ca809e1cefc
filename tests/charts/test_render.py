"""render.py draws one Vega-Lite spec as SVG, PNG, PDF, self-contained HTML or JSON, offline."""

from __future__ import annotations

import json
import re
import struct
import subprocess
import sys
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from importlib import resources
from pathlib import Path
from typing import Any

import pytest
import vl_convert as vlc

from forbedring.charts.render import (
    FILE_ENDINGS,
    VL_VERSION,
    render_html,
    render_pdf,
    render_png,
    render_svg,
    render_to_file,
)
from tests.charts.vegalite_schema import assert_valid_vegalite

SCHEMA = "https://vega.github.io/schema/vega-lite/v6.json"
N_POINTS = 7
SVG_NS = "{http://www.w3.org/2000/svg}"
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
VENDOR = resources.files("forbedring.charts").joinpath("vendor")


def make_spec(title: str = "Trykksår per måned") -> dict[str, Any]:
    """A small layered line + points chart, like the SPC charts: the points layer is named."""
    return {
        "$schema": SCHEMA,
        "title": title,
        "description": "Seven monthly counts around a centre line.",
        "width": 300,
        "height": 150,
        "data": {
            "values": [
                {"month": f"2024-{m:02d}-01", "count": c}
                for m, c in zip(range(1, N_POINTS + 1), [3, 5, 4, 6, 2, 1234.5, 4], strict=True)
            ]
        },
        "encoding": {
            "x": {"field": "month", "type": "temporal", "title": "Måned"},
            "y": {"field": "count", "type": "quantitative", "title": "Antal"},
        },
        "layer": [
            {"mark": "line"},
            {"name": "points", "mark": {"type": "point", "filled": True}},
        ],
        # Danish number format travels in the spec itself.
        "config": {
            "locale": {
                "number": {
                    "decimal": ",",
                    "thousands": ".",
                    "grouping": [3],
                    "currency": ["", "\u00a0kr."],
                }
            }
        },
    }


class _PageParser(HTMLParser):
    """Collects what the tests need from a page: script elements, attributes, caption, title."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.scripts: list[tuple[dict[str, str | None], str]] = []
        self.elements: list[tuple[str, dict[str, str | None]]] = []
        self.figcaption = ""
        self.title = ""
        self._in: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append((tag, dict(attrs)))
        if tag == "script":
            self.scripts.append((dict(attrs), ""))
        if tag in ("script", "figcaption", "title"):
            self._in = tag

    def handle_endtag(self, tag: str) -> None:
        if tag == self._in:
            self._in = None

    def handle_data(self, data: str) -> None:
        if self._in == "script":
            attrs, text = self.scripts[-1]
            self.scripts[-1] = (attrs, text + data)
        elif self._in == "figcaption":
            self.figcaption += data
        elif self._in == "title":
            self.title += data

    def element(self, tag: str, **match: str) -> dict[str, str | None]:
        found = [
            attrs
            for t, attrs in self.elements
            if t == tag and all(attrs.get(k) == v for k, v in match.items())
        ]
        assert len(found) == 1, (tag, match, found)
        return found[0]


def parse_page(page: str) -> _PageParser:
    parser = _PageParser()
    parser.feed(page)
    parser.close()
    return parser


def png_size(png: bytes) -> tuple[int, int]:
    """Width and height from the IHDR chunk, which always comes first."""
    assert png[12:16] == b"IHDR"
    width, height = struct.unpack(">II", png[16:24])
    return width, height


# --- the spec and the schema helper ------------------------------------------------------------


def test_schema_helper_accepts_the_test_spec() -> None:
    assert_valid_vegalite(make_spec())


def test_schema_helper_rejects_an_unknown_mark() -> None:
    spec = make_spec()
    spec["layer"][1]["mark"] = "bogus"
    with pytest.raises(AssertionError, match="layer/1/mark"):
        assert_valid_vegalite(spec)


def test_schema_helper_rejects_an_unknown_property() -> None:
    spec = make_spec()
    spec["encodings"] = spec.pop("encoding")
    with pytest.raises(AssertionError, match="not valid Vega-Lite"):
        assert_valid_vegalite(spec)


# --- static pictures ---------------------------------------------------------------------------


def test_svg_draws_one_point_mark_per_row() -> None:
    svg = render_svg(make_spec())
    root = ET.fromstring(svg)
    groups = [g for g in root.iter(f"{SVG_NS}g") if "points_marks" in g.get("class", "").split()]
    assert len(groups) == 1
    assert len(groups[0].findall(f"{SVG_NS}path")) == N_POINTS


def test_svg_uses_the_locale_carried_in_the_spec() -> None:
    svg = render_svg(make_spec())
    # Danish grouping and decimal separators on the y axis (values up to 1234.5).
    assert re.search(r">1\.\d00<", svg), "expected a Danish thousands separator on the axis"
    assert "Trykksår per måned" in svg


def test_png_has_the_signature_and_twice_the_svg_size() -> None:
    spec = make_spec()
    root = ET.fromstring(render_svg(spec))
    width, height = int(root.get("width", "0")), int(root.get("height", "0"))
    png = render_png(spec)
    assert png.startswith(PNG_SIGNATURE)
    assert png_size(png) == (2 * width, 2 * height)
    assert png_size(render_png(spec, scale=1.0)) == (width, height)


def test_pdf_is_a_pdf_with_embedded_fonts() -> None:
    pdf = render_pdf(make_spec())
    assert pdf.startswith(b"%PDF")
    assert b"/FontFile" in pdf  # text is drawn with an embedded font, not lost


def test_external_data_is_refused_so_rendering_never_touches_the_network() -> None:
    spec = make_spec()
    spec["data"] = {"url": "https://example.com/data.csv"}
    with pytest.raises(ValueError, match="not allowed"):
        render_svg(spec)


def test_nan_is_refused_rather_than_drawn_differently_per_format() -> None:
    spec = make_spec()
    spec["data"]["values"][0]["count"] = float("nan")
    for render in (render_svg, render_png, render_pdf):
        with pytest.raises(ValueError, match="JSON"):
            render(spec)
    with pytest.raises(ValueError, match="JSON"):
        render_html(spec, title="t", summary="s", lang="en")


# --- the interactive page ----------------------------------------------------------------------


def test_html_is_self_contained() -> None:
    page = render_html(make_spec(), title="Trykksår", summary="Ingen signaler.", lang="da")
    parsed = parse_page(page)
    vega_code = VENDOR.joinpath("vega.min.js").read_text(encoding="utf-8")
    assert vega_code[:2000] in page
    assert all("src" not in attrs for attrs, _ in parsed.scripts)
    assert not re.search(r"<script[^>]*\bsrc\s*=", page, re.IGNORECASE)
    assert not re.search(r"<link\b", page, re.IGNORECASE)
    assert "sourceMappingURL" not in page
    # vega, vega-lite, vega-embed, the spec (JSON) and the call that draws it.
    assert len(parsed.scripts) == 5
    assert "vegaEmbed(" in parsed.scripts[-1][1]
    assert 'renderer: "svg"' in parsed.scripts[-1][1]
    assert "actions: false" in parsed.scripts[-1][1]


def test_html_has_language_title_caption_and_an_accessible_chart() -> None:
    summary = "Antallet af trykksår er stabilt.\nIngen særlige årsager."
    page = render_html(make_spec(), title="Trykksår", summary=summary, lang="da")
    parsed = parse_page(page)
    assert page.startswith("<!DOCTYPE html>")
    assert parsed.element("html")["lang"] == "da"
    assert parsed.title == "Trykksår"
    assert parsed.figcaption == summary
    chart = parsed.element("div", id="chart")
    assert chart["role"] == "img"
    assert chart["aria-label"] == "Trykksår"
    caption = parsed.element("figcaption")
    assert chart["aria-describedby"] == caption["id"]


def test_html_falls_back_to_the_spec_title_and_description() -> None:
    parsed = parse_page(render_html(make_spec(), title="", summary="", lang="en"))
    assert parsed.title == "Trykksår per måned"
    assert parsed.figcaption == "Seven monthly counts around a centre line."


def test_html_spec_json_round_trips() -> None:
    spec = make_spec()
    parsed = parse_page(render_html(spec, title="t", summary="s", lang="en"))
    data = [text for attrs, text in parsed.scripts if attrs.get("type") == "application/json"]
    assert len(data) == 1
    assert json.loads(data[0]) == spec


def test_strings_in_the_spec_cannot_break_out_of_the_script_element() -> None:
    hostile = "</script><script>alert(1)</script><!-- <script> & </SCRIPT >"
    spec = make_spec(title=hostile)
    spec["data"]["values"][0]["note"] = hostile
    page = render_html(spec, title=hostile, summary=hostile, lang="en")
    parsed = parse_page(page)
    assert len(parsed.scripts) == 5  # no script element was ended early or smuggled in
    data = [text for attrs, text in parsed.scripts if attrs.get("type") == "application/json"]
    assert "<" not in data[0]
    assert json.loads(data[0]) == spec
    # Title and caption are escaped text, shown as written.
    assert parsed.title == hostile
    assert parsed.figcaption == hostile
    assert "alert(1)</script>" not in page.replace("\\u003c", "")


# --- files -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("ending", "magic"),
    [
        (".svg", b"<svg"),
        (".png", PNG_SIGNATURE),
        (".pdf", b"%PDF"),
        (".html", b"<!DOCTYPE html>"),
        (".json", b"{"),
    ],
)
def test_render_to_file_picks_the_format_from_the_ending(
    tmp_path: Path, ending: str, magic: bytes
) -> None:
    path = tmp_path / f"chart{ending}"
    render_to_file(make_spec(), path, title="Trykksår", summary="Stabilt.", lang="nb")
    assert path.read_bytes().startswith(magic)


def test_render_to_file_accepts_a_string_path_and_upper_case_ending(tmp_path: Path) -> None:
    path = tmp_path / "chart.PNG"
    render_to_file(make_spec(), str(path))
    assert path.read_bytes().startswith(PNG_SIGNATURE)


def test_json_file_round_trips_indented_utf8(tmp_path: Path) -> None:
    spec = make_spec()
    path = tmp_path / "chart.json"
    render_to_file(spec, path)
    text = path.read_bytes().decode("utf-8")
    assert json.loads(text) == spec
    assert "Trykksår" in text  # written as UTF-8, not \u escapes
    assert '\n  "title"' in text


def test_unknown_ending_is_refused_before_drawing(tmp_path: Path) -> None:
    path = tmp_path / "chart.gif"
    with pytest.raises(ValueError, match=r"\.svg, \.png, \.pdf, \.html, \.json") as info:
        render_to_file(make_spec(), path)
    assert "chart.gif" in str(info.value)
    assert not path.exists()
    with pytest.raises(ValueError, match="must end with"):
        render_to_file(make_spec(), tmp_path / "chart")
    assert FILE_ENDINGS == (".svg", ".png", ".pdf", ".html", ".json")


# --- the vendored files and the import ---------------------------------------------------------


def test_vendored_versions_are_the_ones_vl_convert_draws_with() -> None:
    versions = json.loads(VENDOR.joinpath("versions.json").read_text(encoding="utf-8"))
    assert versions["vega"] == vlc.get_vega_version()
    assert versions["vega-embed"] == vlc.get_vega_embed_version()
    assert VL_VERSION in vlc.get_vegalite_versions()
    assert versions["vega-lite"].rsplit(".", 1)[0] == VL_VERSION
    # The exact Vega-Lite patch release inside vl-convert, read from the bundle it inlines into
    # its own HTML (the version string Vega-Lite reports as vegaLite.version).
    bundle = vlc.vegalite_to_html({"$schema": SCHEMA}, VL_VERSION, bundle=True)
    assert set(re.findall(rf'"({re.escape(VL_VERSION)}\.\d+)"', bundle)) == {versions["vega-lite"]}
    for name, package in [
        ("vega.min.js", "vega"),
        ("vega-lite.min.js", "vega-lite"),
        ("vega-embed.min.js", "vega-embed"),
    ]:
        assert VENDOR.joinpath(name).is_file()
        assert VENDOR.joinpath(f"LICENSE-{package}.txt").is_file()
    assert VENDOR.joinpath("vega-lite-schema.json").is_file()


def test_importing_render_does_not_load_vl_convert() -> None:
    code = "import sys, forbedring.charts.render; print('vl_convert' in sys.modules)"
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "False"
