"""The engine imports nothing from Django, the database, plotting or file handling (DESIGN §5.1)."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import forbedring.spc

SPC = Path(forbedring.spc.__file__).parent
ALLOWED_ROOTS = {
    "__future__", "collections", "dataclasses", "enum", "functools", "itertools", "math",
    "numpy", "typing", "forbedring",
}  # fmt: skip
FORBIDDEN_MODULES = ("django", "pyarrow", "pandas", "matplotlib", "vl_convert", "csv", "sqlite3")


def imported_roots(path: Path) -> set[str]:
    roots = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            roots.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            roots.add(node.module.split(".")[0])
            if node.module.split(".")[0] == "forbedring":
                assert node.module.startswith("forbedring.spc"), (path, node.module)
    return roots


def test_engine_modules_import_only_numpy_and_standard_maths() -> None:
    files = sorted(SPC.glob("*.py"))
    assert len(files) > 5
    for path in files:
        extra = imported_roots(path) - ALLOWED_ROOTS
        assert not extra, f"{path.name} imports {sorted(extra)}"


def test_engine_import_loads_no_io_or_web_modules() -> None:
    code = "import sys, forbedring.spc; print(' '.join(sorted(sys.modules)))"
    loaded = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    modules = set(loaded.stdout.split())
    assert not [m for m in FORBIDDEN_MODULES if m in modules]
