"""The ``forbedring`` command: the analysts' entry point to the engine (DESIGN.md §4).

Sub-commands live in their own modules and register themselves on the apps defined here.
A user's mistake ends in one line on standard error and exit code 2, never a traceback.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from functools import wraps

import typer

from forbedring.cli.table_input import InputError
from forbedring.spc.errors import SpcDataError

EXIT_BAD_INPUT = 2

app = typer.Typer(
    name="forbedring",
    help="Forbedring: data-driven quality improvement. Statistical process control from CSV files.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
spc_app = typer.Typer(
    help="Run, control, Making Data Count and funnel charts from a CSV file.",
    no_args_is_help=True,
)
app.add_typer(spc_app, name="spc")


def reports_input_errors[**P, R](command: Callable[P, R]) -> Callable[P, R]:
    """Turn the user's input mistakes into one line on stderr and exit code 2."""

    @wraps(command)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return command(*args, **kwargs)
        except (InputError, SpcDataError) as error:
            print(f"error: {error}", file=sys.stderr)
            raise typer.Exit(EXIT_BAD_INPUT) from None

    return wrapper


# Importing the command modules registers their commands.
from forbedring.cli import (  # noqa: E402
    chart_command,
    demo_command,
    funnel_command,
    mdc_command,
    qic_command,
)

__all__ = [
    "app",
    "chart_command",
    "demo_command",
    "funnel_command",
    "main",
    "mdc_command",
    "qic_command",
    "spc_app",
]


def main() -> None:
    app()
