"""PDF documents from HTML with WeasyPrint (DESIGN.md §4: reports are templates, not drawing
code), in one place for every export: the project summary, the seminar pages and the status
reports.

Nothing is fetched over the network: charts are inline SVG and style sheets are read from the
static files on disk, so a PDF can be made without a request (in the background worker) and
never depends on, or leaks to, another server.

WeasyPrint is imported inside the functions: it is large, and most requests never make a PDF.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from django.contrib.staticfiles import finders
from django.http import HttpRequest
from django.template.loader import render_to_string

# The sheet of the project summary and the seminar pages (self-contained: no site.css).
PRINT_STYLESHEET = "forbedring/print.css"


def static_path(name: str) -> str:
    """The file of a static asset on disk (the finders, so it works before collectstatic)."""
    found = finders.find(name)
    if not isinstance(found, str):
        raise FileNotFoundError(f"{name} is missing from the static files")
    return found


# Pictures handed to WeasyPrint with the HTML, named ``<img src="forbedring-resource:name">``:
# a large picture as a ``data:`` URL would go through the (pure Python) HTML parser and
# base64 twice, in every report.
RESOURCE_SCHEME = "forbedring-resource:"


def resource_url(name: str) -> str:
    return RESOURCE_SCHEME + name


def _local_fetcher(resources: Mapping[str, tuple[bytes, str]]) -> Any:
    from weasyprint.urls import URLFetcher, URLFetcherResponse  # type: ignore[import-untyped]

    class LocalOnly(URLFetcher):
        """Refuses every URL but inline data and the given pictures: a report must not depend
        on (or leak to) a server."""

        def fetch(self, url: str, headers: Any = None) -> Any:
            if url.startswith("data:"):
                return super().fetch(url, headers)
            if url.startswith(RESOURCE_SCHEME) and url[len(RESOURCE_SCHEME) :] in resources:
                body, mime_type = resources[url[len(RESOURCE_SCHEME) :]]
                return URLFetcherResponse(url, body, {"Content-Type": mime_type})
            raise ValueError(f"not fetched: {url}")

    return LocalOnly()


def html_document(
    html: str,
    *,
    stylesheets: Sequence[str] = (PRINT_STYLESHEET,),
    base_url: str = "/",
    resources: Mapping[str, tuple[bytes, str]] | None = None,
) -> Any:
    """The HTML laid out by WeasyPrint (a ``weasyprint.Document``: ``.pages`` tells how long
    it came out, ``.write_pdf()`` gives the bytes). ``stylesheets`` are static file names;
    ``resources`` the pictures by name, with their media type (see :func:`resource_url`)."""
    from weasyprint import CSS, HTML  # type: ignore[import-untyped]

    fetcher = _local_fetcher(resources or {})
    document = HTML(string=html, base_url=base_url, url_fetcher=fetcher)
    return document.render(stylesheets=[CSS(filename=static_path(name)) for name in stylesheets])


def template_document(
    request: HttpRequest | None,
    template: str,
    context: dict[str, Any],
    *,
    stylesheets: Sequence[str] = (PRINT_STYLESHEET,),
) -> Any:
    """A template rendered with ``for_pdf`` set and laid out by WeasyPrint."""
    html = render_to_string(template, {**context, "for_pdf": True}, request=request)
    base_url = request.build_absolute_uri("/") if request is not None else "/"
    return html_document(html, stylesheets=stylesheets, base_url=base_url)
