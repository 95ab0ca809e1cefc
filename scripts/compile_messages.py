"""Compile the message catalogues (.po -> .mo) with Babel, so no GNU gettext is needed.

    .venv/bin/python scripts/compile_messages.py

Run by `make setup`. Extracting new messages (`make messages`) uses Django's makemessages,
which needs GNU gettext (`apt-get install gettext`) on a developer's machine only.
"""

from __future__ import annotations

import sys
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

LOCALE = Path(__file__).resolve().parent.parent / "forbedring" / "locale"


def main() -> int:
    catalogues = sorted(LOCALE.glob("*/LC_MESSAGES/*.po"))
    for po_path in catalogues:
        with po_path.open("rb") as handle:
            catalogue = read_po(handle, locale=po_path.parts[-3])
        with po_path.with_suffix(".mo").open("wb") as handle:
            # Fuzzy entries are guesses awaiting review: they are not used.
            write_mo(handle, catalogue, use_fuzzy=False)
    print(f"compiled {len(catalogues)} message catalogue(s) in {LOCALE}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
