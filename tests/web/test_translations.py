"""The Danish and Norwegian catalogues of the web platform: complete, consistent, and used.

(a) Every entry of ``forbedring/locale/{da,nb}/LC_MESSAGES/django.po`` is translated, not fuzzy,
    and keeps the placeholders and HTML tags of its source text.
(b) The catalogues hold every text the source marks for translation. A small extractor reads
    the marked texts from the templates (``{% translate %}``, ``{% blocktranslate %}``) and the
    Python code (``_``, ``gettext``, ``ngettext``, ``pgettext`` and their lazy forms) the way
    ``makemessages`` does, so CI needs no GNU gettext; it and the catalogues must agree both
    ways, so a text added without ``make messages`` fails here, and so does a stale entry.
(c) Pages render in Danish and Norwegian, from catalogues compiled here with Babel into a
    temporary directory (the tests do not depend on ``make setup`` having compiled them).
"""

from __future__ import annotations

import ast
import re
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from django.conf import settings
from django.test import Client
from django.urls import reverse

from tests.web import factories

REPOSITORY = Path(__file__).resolve().parents[2]
PACKAGE = REPOSITORY / "forbedring"
LOCALE = PACKAGE / "locale"
LANGUAGES = ("da", "nb")
PLURAL_FORMS = "nplurals=2; plural=(n != 1);"

# A message key: (context or None, msgid) for a simple text, (context, (singular, plural)) for
# a text with plural forms.
type Key = tuple[str | None, str | tuple[str, str]]


# --- the catalogues ---------------------------------------------------------------------------


def read_catalogue(language: str) -> Catalog:
    path = LOCALE / language / "LC_MESSAGES" / "django.po"
    assert path.is_file(), f"{path} is missing: run `make messages` and translate it"
    with path.open("rb") as handle:
        return read_po(handle, locale=language)


def key_of(message: Any) -> Key:
    msgid = message.id if isinstance(message.id, str) else (message.id[0], message.id[1])
    return (message.context, msgid)


def entries(catalogue: Catalog) -> list[Any]:
    return [message for message in catalogue if message.id]


PLACEHOLDER = re.compile(r"%\(\w+\)[sdifr]|%[sdifr]|\{\w*\}")
TAG = re.compile(r"</?[a-zA-Z][^>]*>")


def placeholders(text: str) -> Counter[str]:
    return Counter(PLACEHOLDER.findall(text.replace("%%", "")))


def tags(text: str) -> Counter[str]:
    return Counter(TAG.findall(text))


@pytest.mark.parametrize("language", LANGUAGES)
def test_catalogue_header(language: str) -> None:
    catalogue = read_catalogue(language)
    headers = dict(catalogue.mime_headers)
    assert headers["Language"] == language
    assert headers["Plural-Forms"] == PLURAL_FORMS
    assert "charset=utf-8" in headers["Content-Type"].lower()
    assert not catalogue.fuzzy, "the header is still marked fuzzy"


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_entry_is_translated_and_keeps_its_placeholders(language: str) -> None:
    catalogue = read_catalogue(language)
    problems = []
    for message in entries(catalogue):
        sources = [message.id] if isinstance(message.id, str) else list(message.id)
        strings = [message.string] if isinstance(message.string, str) else list(message.string)
        name = repr(sources[0])
        if message.fuzzy:
            problems.append(f"{name} is fuzzy")
        if len(strings) != len(sources) or not all(s.strip() for s in strings):
            problems.append(f"{name} is not translated (in every plural form)")
            continue
        # Every plural form shows the count and names what the plural source does.
        expected = sources[-1]
        for string in strings:
            if placeholders(string) != placeholders(expected):
                problems.append(f"{name}: placeholders differ in {string!r}")
            if tags(string) != tags(expected):
                problems.append(f"{name}: HTML tags differ in {string!r}")
    assert not problems, "\n".join(problems)


def test_both_catalogues_have_the_same_entries() -> None:
    da, nb = ({key_of(m) for m in entries(read_catalogue(lang))} for lang in LANGUAGES)
    assert da == nb


# --- the extractor ----------------------------------------------------------------------------

# Files makemessages reads under forbedring/ (`make messages` ignores .venv, node_modules, tests
# and benchmarks, which are outside it).
IGNORED_PARTS = frozenset({"__pycache__", "vendor", "node_modules"})


def source_files(suffix: str) -> Iterator[Path]:
    for path in sorted(PACKAGE.rglob(f"*{suffix}")):
        if not IGNORED_PARTS & set(path.relative_to(PACKAGE).parts):
            yield path


# Django's template lexer: a tag, a variable or a comment.
TOKEN = re.compile(r"({%.*?%}|{{.*?}}|{#.*?#})")
QUOTED = r"""(?:"[^"]*"|'[^']*')"""
INLINE = re.compile(rf"^trans(?:late)?\s+({QUOTED})(?P<rest>.*)$", re.DOTALL)
BLOCK = re.compile(r"^blocktrans(?:late)?(?:\s|$)")
END_BLOCK = re.compile(r"^endblocktrans(?:late)?$")
CONTEXT = re.compile(rf"\bcontext\s+({QUOTED})")
CONSTANT = re.compile(r"""_\(((?:".*?")|(?:'.*?'))\)""")


def unquote(text: str) -> str:
    return text[1:-1]


def trim_whitespace(text: str) -> str:
    """``{% blocktranslate trimmed %}``: as django.utils.translation.trim_whitespace."""
    return re.sub(r"\s*\n\s*", " ", text.strip())


def template_messages(source: str) -> set[Key]:
    """The texts a template marks, as makemessages' templatize turns them into msgids: a ``%``
    of the text doubled, a ``{{ variable }}`` of a block as ``%(variable)s``."""
    found: set[Key] = set()
    block: dict[str, Any] | None = None
    for token in TOKEN.split(source):
        is_tag, is_variable = token.startswith("{%"), token.startswith("{{")
        contents = token[2:-2].strip() if is_tag or is_variable else token
        if block is not None:
            if is_tag and END_BLOCK.match(contents):
                singular = "".join(block["singular"])
                plural = "".join(block["plural"])
                if block["trimmed"]:
                    singular, plural = trim_whitespace(singular), trim_whitespace(plural)
                found.add(
                    (block["context"], (singular, plural) if block["in_plural"] else singular)
                )
                block = None
            elif is_tag and contents == "plural":
                block["in_plural"] = True
            elif is_tag:
                raise AssertionError(f"a tag inside blocktranslate: {token}")
            else:
                part = f"%({contents})s" if is_variable else token.replace("%", "%%")
                block["plural" if block["in_plural"] else "singular"].append(part)
            continue
        if is_tag and (inline := INLINE.match(contents)):
            context = CONTEXT.search(inline["rest"])
            text = unquote(inline[1]).replace("%", "%%")
            found.add((unquote(context[1]) if context else None, text))
        elif is_tag and BLOCK.match(contents):
            context = CONTEXT.search(contents)
            block = {
                "context": unquote(context[1]) if context else None,
                "trimmed": "trimmed" in contents.split(),
                "in_plural": False,
                "singular": [],
                "plural": [],
            }
        if is_tag or is_variable:
            # _("text") as a tag's or a filter's argument.
            found.update((None, unquote(text)) for text in CONSTANT.findall(contents))
    assert block is None, "an unclosed blocktranslate"
    return found


# Translation functions and the positions of their (context, singular, plural) arguments.
FUNCTIONS: dict[str, tuple[int | None, int, int | None]] = {
    "_": (None, 0, None),
    "gettext": (None, 0, None),
    "gettext_lazy": (None, 0, None),
    "gettext_noop": (None, 0, None),
    "ngettext": (None, 0, 1),
    "ngettext_lazy": (None, 0, 1),
    "pgettext": (0, 1, None),
    "pgettext_lazy": (0, 1, None),
    "npgettext": (0, 1, 2),
    "npgettext_lazy": (0, 1, 2),
}


def python_messages(source: str, name: str) -> set[Key]:
    """The texts a Python module marks; a marked text must be a literal (or literals that
    Python joins), as xgettext reads no other."""
    found: set[Key] = set()
    for node in ast.walk(ast.parse(source, name)):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        called = func.id if isinstance(func, ast.Name) else getattr(func, "attr", None)
        if called not in FUNCTIONS:
            continue
        positions = FUNCTIONS[called]
        texts: list[str | None] = []
        for position in positions:
            if position is None:
                texts.append(None)
                continue
            argument = node.args[position] if position < len(node.args) else None
            assert isinstance(argument, ast.Constant) and isinstance(argument.value, str), (
                f"{name}:{node.lineno}: {called}() needs a literal text"
            )
            texts.append(argument.value)
        context, singular, plural = texts
        assert singular is not None
        found.add((context, (singular, plural) if plural is not None else singular))
    return found


def extracted_messages() -> set[Key]:
    found: set[Key] = set()
    for path in source_files(".html"):
        found |= template_messages(path.read_text(encoding="utf-8"))
    for path in source_files(".py"):
        found |= python_messages(path.read_text(encoding="utf-8"), str(path))
    return found


def test_extractor_reads_the_constructs_in_use() -> None:
    template = """{% load i18n %}<p>{% translate "Save" %} {% trans 'Delete' %}
        {% translate "Change" context "language" %}{% translate "Not given" as not_given %}
        {% blocktranslate with who=x %}by {{ who }}, 100%{% endblocktranslate %}
        {% blocktranslate count counter=n %}{{ counter }} point{% plural %}{{ counter }}
        points{% endblocktranslate %}
        {% blocktranslate trimmed %}
          One
          two
        {% endblocktranslate %}{{ value|default:_("None") }}</p>"""
    assert template_messages(template) == {
        (None, "Save"),
        (None, "Delete"),
        ("language", "Change"),
        (None, "Not given"),
        (None, "by %(who)s, 100%%"),
        (None, ("%(counter)s point", "%(counter)s\n        points")),
        (None, "One two"),
        (None, "None"),
    }
    python = """
from django.utils.translation import gettext_lazy as _, ngettext, pgettext
from django.utils import translation
a = _("One " "two")
b = ngettext("%(n)d point", "%(n)d points", n)
c = pgettext("month", "May")
d = translation.gettext("Dotted")
e = str(_("Nested"))
"""
    assert python_messages(python, "example.py") == {
        (None, "One two"),
        (None, ("%(n)d point", "%(n)d points")),
        ("month", "May"),
        (None, "Dotted"),
        (None, "Nested"),
    }


def test_catalogues_match_the_source() -> None:
    source = extracted_messages()
    assert source, "the extractor found no marked texts"
    for language in LANGUAGES:
        catalogue = {key_of(m) for m in entries(read_catalogue(language))}
        missing = sorted(map(repr, source - catalogue))
        stale = sorted(map(repr, catalogue - source))
        assert not missing, f"not in the {language} catalogue (run `make messages`): {missing}"
        assert not stale, f"stale entries in the {language} catalogue (`make messages`): {stale}"


# --- pages in Danish and Norwegian --------------------------------------------------------------


@pytest.fixture(scope="session")
def compiled_locale(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The .po files compiled with Babel (as scripts/compile_messages.py does) into a temporary
    locale directory."""
    root = tmp_path_factory.mktemp("locale")
    for language in LANGUAGES:
        target = root / language / "LC_MESSAGES" / "django.mo"
        target.parent.mkdir(parents=True)
        with target.open("wb") as handle:
            write_mo(handle, read_catalogue(language), use_fuzzy=False)
    return root


@pytest.fixture
def translated(settings: Any, compiled_locale: Path) -> None:
    # Changing LOCALE_PATHS makes Django drop its cached translations (the setting_changed
    # signal), before the override and again after it.
    settings.LOCALE_PATHS = [compiled_locale]


def client_in(language: str) -> Client:
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return client


LOGIN_WORDS = {
    "da": ["<h1>Log ind</h1>", ">Log ind</button>", "Brugernavn", "Adgangskode", "Gå til indhold"],
    "nb": ["<h1>Logg inn</h1>", ">Logg inn</button>", "Brukernavn", "Passord", "Gå til innhold"],
    "en": ["<h1>Log in</h1>", ">Log in</button>", "User name", "Password", "Skip to content"],
}


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["da", "nb", "en"])
def test_login_page_in_each_language(translated: None, language: str) -> None:
    page = client_in(language).get(reverse("login")).content.decode()
    assert f'<html lang="{language}">' in page
    for words in LOGIN_WORDS[language]:
        assert words in page


@pytest.mark.django_db
def test_default_language_is_danish(translated: None) -> None:
    page = Client().get(reverse("login")).content.decode()
    assert '<html lang="da">' in page and "<h1>Log ind</h1>" in page


TEAM_WORDS = {
    "da": ["Indtast data", "Diagrammet i ord", "24 punkter", "Åbn målingen", "Målet er nået"],
    "nb": ["Registrer data", "Diagrammet i ord", "24 punkter", "Åpne målingen", "Målet er nådd"],
}


@pytest.mark.django_db
@pytest.mark.parametrize("language", LANGUAGES)
def test_team_home_in_danish_and_norwegian(translated: None, language: str) -> None:
    team = factories.team()
    member = factories.user("mette", "team_member", team=team)
    measure = factories.measure([team], target=20)
    factories.monthly_data(measure, team, member, [10, 12, 9, 11] * 6)
    client = client_in(language)
    client.force_login(member)
    page = client.get(reverse("team_home", args=[team.pk])).content.decode()
    assert f'<html lang="{language}">' in page
    for words in TEAM_WORDS[language]:
        assert words in page
    for english in ("Enter data", "The chart in words", "Open the measure", "24 points"):
        assert english not in page
