"""The processes that draw and lay out a batch's PDFs (the machine's cores in parallel).

They are started fresh ("spawn", not "fork": the worker may already run vl-convert's and
WeasyPrint's threads, which a fork would copy in an undefined state) as soon as the batch
begins, so that they set up Django and load WeasyPrint, vl-convert and Pillow while the worker
still reads the values. They never touch the database: each job carries its report's data, and
the funnel drawings shared by all reports are read once per process from a file the worker
writes (see :func:`forbedring.web.reports.batch.render_all`).

This module imports nothing of Django at import time: it is imported in a new process before
Django is set up.
"""

from __future__ import annotations

import os
import pickle
from typing import Any

_shared: dict[str, Any] = {}


def set_up(settings_module: str) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", settings_module)
    import django

    django.setup()
    # Loaded now, while the worker prepares the jobs, rather than by the first report.
    import PIL.Image  # noqa: F401
    import vl_convert  # noqa: F401
    import weasyprint  # type: ignore[import-untyped]  # noqa: F401


def _drawings(path: str) -> Any:
    if _shared.get("path") != path:
        with open(path, "rb") as handle:
            # Written by this batch's worker a moment ago, never by anyone else.
            _shared["drawings"] = pickle.load(handle)
        _shared["path"] = path
    return _shared["drawings"]


def render(job: Any, drawings_path: str) -> Any:
    from forbedring.web.reports.batch import render_job

    bases, rasters = _drawings(drawings_path)
    return render_job(job, bases, rasters)
