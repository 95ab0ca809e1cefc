"""Drawing a Vega-Lite specification: static SVG/PNG/PDF, self-contained HTML, or the spec itself.

Every chart is one Vega-Lite specification (DESIGN.md §4). The static pictures for reports and
the command line come from vl-convert-python, which runs Vega-Lite and Vega inside the Python
process; the interactive page inlines the very same Vega, Vega-Lite and vega-embed releases
(vendored in ``forbedring/charts/vendor/``), so the browser draws the same picture. Nothing here
touches the network: static rendering refuses external data URLs and the HTML needs no CDN.

Number and time formats travel in the spec (``config.locale``), so no locale is passed here.

Fonts: vl-convert reads the system fonts (DejaVu on our machines) and bundles Liberation Sans for
Vega's default ``sans-serif``, so text is drawn in PNG and PDF without registering fonts.

vl_convert is imported inside the functions: it is a large native library, and importing this
module should stay cheap for code that only builds specs.
"""

from __future__ import annotations

import html
import json
import re
from functools import cache
from pathlib import Path
from typing import Any, Final

__all__ = [
    "FILE_ENDINGS",
    "VL_VERSION",
    "render_html",
    "render_pdf",
    "render_png",
    "render_svg",
    "render_to_file",
    "spec_to_json",
]

# The Vega-Lite release vl-convert compiles with. Pinned rather than "latest" so that upgrading
# vl-convert-python cannot silently change the static pictures, and because the browser builds
# vendored in forbedring/charts/vendor/ are this exact release (6.4.1 with Vega 6.2.0 and
# vega-embed 7.0.2 in vl-convert-python 1.9.0); tests compare the two.
VL_VERSION: Final = "6.4"

# The file endings render_to_file understands, in the order they are listed in messages.
FILE_ENDINGS: Final = (".svg", ".png", ".pdf", ".html", ".json")

# The vendored browser builds, in the order the page must load them (vega-lite needs vega,
# vega-embed needs both).
_VENDOR_SCRIPTS: Final = ("vega.min.js", "vega-lite.min.js", "vega-embed.min.js")

# Static rendering may fetch nothing: our specs carry their data inline, and a report must not
# depend on (or leak to) a server. vl-convert's default would allow any URL.
_NO_EXTERNAL_URLS: Final[list[str]] = []

_SOURCE_MAP_COMMENT: Final = re.compile(r"^//# sourceMappingURL=.*$", re.MULTILINE)


def spec_to_json(spec: dict[str, Any], *, indent: int | None = None) -> str:
    """The spec as JSON text, the one serialisation every output starts from.

    NaN and infinities are refused (``ValueError``): JSON has no such numbers, so a browser would
    reject the page while vl-convert would quietly draw something; spec builders use ``None``
    (JSON ``null``, which Vega-Lite treats as missing) instead.
    """
    # Compact unless indented for people: specs carry every data point, and they are inlined
    # into pages and handed to vl-convert as text.
    separators = (",", ": ") if indent is not None else (",", ":")
    return json.dumps(
        spec, indent=indent, separators=separators, ensure_ascii=False, allow_nan=False
    )


def static_spec(spec: Any) -> Any:
    """The spec without tooltips, which a picture cannot show.

    A tooltip makes Vega prepare text for every point; dropped, a static chart renders about
    a tenth faster. The browser gets the spec as it is.
    """
    if isinstance(spec, dict):
        return {key: static_spec(value) for key, value in spec.items() if key != "tooltip"}
    if isinstance(spec, list):
        return [static_spec(item) for item in spec]
    return spec


def render_svg(spec: dict[str, Any]) -> str:
    """The chart as an SVG document (text), for reports and the command line."""
    import vl_convert as vlc

    return vlc.vegalite_to_svg(
        spec_to_json(static_spec(spec)),
        vl_version=VL_VERSION,
        allowed_base_urls=_NO_EXTERNAL_URLS,
    )


def render_png(spec: dict[str, Any], scale: float = 2.0) -> bytes:
    """The chart as PNG bytes; ``scale`` 2 gives sharp pictures on high-density screens and print.

    The picture is ``scale`` times the spec's size in CSS pixels (the SVG's width and height).
    """
    import vl_convert as vlc

    return vlc.vegalite_to_png(
        spec_to_json(static_spec(spec)),
        vl_version=VL_VERSION,
        scale=scale,
        allowed_base_urls=_NO_EXTERNAL_URLS,
    )


def render_pdf(spec: dict[str, Any]) -> bytes:
    """The chart as a one-page vector PDF (fonts embedded, text selectable)."""
    import vl_convert as vlc

    return vlc.vegalite_to_pdf(
        spec_to_json(static_spec(spec)),
        vl_version=VL_VERSION,
        allowed_base_urls=_NO_EXTERNAL_URLS,
    )


@cache
def _vendored_scripts() -> tuple[str, ...]:
    """The vendored Vega, Vega-Lite and vega-embed builds, ready to inline (read once).

    The ``sourceMappingURL`` comment is dropped: the maps are not vendored, and a page that
    promises to be self-contained should not send developer tools looking for them. A build
    containing ``</script`` or ``<!--`` would end or confuse the script element it is inlined in;
    none does, and this refuses rather than corrupts the page should a refresh bring one.
    """
    from importlib import resources  # only pages need it; it costs ~10 ms to import

    vendor = resources.files("forbedring.charts").joinpath("vendor")
    scripts = []
    for name in _VENDOR_SCRIPTS:
        code = _SOURCE_MAP_COMMENT.sub("", vendor.joinpath(name).read_text(encoding="utf-8"))
        lowered = code.lower()
        if "</script" in lowered or "<!--" in lowered:
            raise RuntimeError(f"vendored {name} contains '</script' or '<!--'; cannot inline it")
        scripts.append(code.rstrip())
    return tuple(scripts)


def _json_for_script(text: str) -> str:
    """JSON text made safe inside a ``<script>`` element.

    ``<``, ``>`` and ``&`` are written as JSON ``\\u`` escapes (legal anywhere in JSON strings,
    and these characters occur only inside strings), so no ``</script>``, ``<!--`` or
    ``<script`` can appear in the element whatever the chart's titles and data say.
    """
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _title_text(spec: dict[str, Any]) -> str:
    """The spec's own title as plain text, or "" when it has none (for the page title)."""
    title = spec.get("title")
    if isinstance(title, dict):
        title = title.get("text")
    if isinstance(title, list):
        title = " ".join(str(line) for line in title)
    return title if isinstance(title, str) else ""


def render_html(spec: dict[str, Any], *, title: str, summary: str, lang: str) -> str:
    """A self-contained HTML5 page drawing the chart interactively: no CDN, no network.

    The page inlines the vendored Vega, Vega-Lite and vega-embed builds (about 0.8 MB) and the
    spec, and draws with the SVG renderer (crisp, and its text can be found and copied).

    Accessibility: the chart is one ``role="img"`` element named by the short ``title`` and
    described by the plain-text ``summary``, which is also shown as the ``<figcaption>`` so every
    reader gets the same words. Vega's own ARIA markup inside the image is then presentational,
    which spares screen reader users a walk through hundreds of points. Naming the image with the
    summary itself would make screen readers read it twice in a row (image, then caption).

    ``lang`` is the page language (``da``, ``nb``, ``en``), so screen readers pronounce the
    summary correctly. An empty ``title`` falls back to the spec's title, then to the summary;
    an empty ``summary`` to the spec's ``description``.
    """
    page_title = title or _title_text(spec) or summary or "Chart"
    caption = summary or str(spec.get("description") or "")
    label = title or _title_text(spec) or caption or page_title

    spec_json = _json_for_script(spec_to_json(spec))
    scripts = "\n".join(f"<script>\n{code}\n</script>" for code in _vendored_scripts())

    if caption:
        chart_aria = f'aria-label="{html.escape(label)}" aria-describedby="chart-summary"'
        figcaption = f'<figcaption id="chart-summary">{html.escape(caption)}</figcaption>'
    else:
        chart_aria = f'aria-label="{html.escape(label)}"'
        figcaption = ""

    return f"""<!DOCTYPE html>
<html lang="{html.escape(lang)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{html.escape(page_title)}</title>
<style>
body {{ margin: 1.5rem; font-family: system-ui, sans-serif; color: #222; background: #fff; }}
figure {{ margin: 0; max-width: 100%; }}
#chart {{ overflow-x: auto; }}
figcaption {{ margin-top: 0.75rem; max-width: 70ch; line-height: 1.45; white-space: pre-line; }}
.chart-error {{ color: #a00; }}
</style>
{scripts}
</head>
<body>
<figure>
<div id="chart" role="img" {chart_aria}></div>
{figcaption}
</figure>
<script type="application/json" id="chart-spec">{spec_json}</script>
<script>
(function () {{
  var spec = JSON.parse(document.getElementById("chart-spec").textContent);
  vegaEmbed("#chart", spec, {{renderer: "svg", actions: false}}).catch(function (error) {{
    var chart = document.getElementById("chart");
    chart.className = "chart-error";
    chart.textContent = String(error);
    console.error(error);
  }});
}})();
</script>
</body>
</html>
"""


def render_to_file(
    spec: dict[str, Any],
    path: str | Path,
    *,
    title: str = "",
    summary: str = "",
    lang: str = "en",
) -> None:
    """Write the chart to ``path`` in the format its ending names (.svg .png .pdf .html .json).

    ``.json`` writes the spec itself, indented, UTF-8, for other tools (e.g. the Vega editor).
    ``title``, ``summary`` and ``lang`` are used by ``.html`` only. The ending is checked before
    anything is drawn, so a wrong name fails at once.
    """
    path = Path(path)
    ending = path.suffix.lower()
    if ending not in FILE_ENDINGS:
        raise ValueError(
            f"cannot tell the chart format from {path.name!r}: the file name must end with "
            f"one of {', '.join(FILE_ENDINGS)}"
        )
    match ending:
        case ".svg":
            path.write_text(render_svg(spec), encoding="utf-8")
        case ".png":
            path.write_bytes(render_png(spec))
        case ".pdf":
            path.write_bytes(render_pdf(spec))
        case ".html":
            path.write_text(
                render_html(spec, title=title, summary=summary, lang=lang), encoding="utf-8"
            )
        case ".json":
            path.write_text(spec_to_json(spec, indent=2) + "\n", encoding="utf-8")
