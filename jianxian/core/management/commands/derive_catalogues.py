"""Derive the zh_Hant and en catalogues from the hand-written zh_Hans one.

zh_Hans (locale/zh_Hans/LC_MESSAGES/django.po) is translated by hand. This command
copies its entries into zh_Hant, converted with the same OpenCC conversion the platform
uses for content (``text.to_traditional``: phrase-aware, 干部 → 幹部), and into en with
the msgid itself as the translation. Run it after `makemessages` and after editing
zh_Hans; `compile_locale` then builds the .mo files.
"""

from pathlib import Path
from typing import Any

from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po, write_po
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from jianxian.core.text import to_traditional


def _read(path: Path, locale: str) -> Catalog:
    with path.open("rb") as f:
        return read_po(f, locale=locale)


class Command(BaseCommand):
    requires_system_checks: list[str] = []  # needs no database
    help = "Fill zh_Hant (OpenCC from zh_Hans) and en (msgid) catalogues."

    def handle(self, *args: Any, **options: Any) -> None:
        root = Path(settings.LOCALE_PATHS[0])
        source = _read(root / "zh_Hans/LC_MESSAGES/django.po", "zh_Hans")
        missing = [m.id for m in source if m.id and not _translated(m.string)]
        if missing:
            raise CommandError(f"zh_Hans has {len(missing)} untranslated entries: {missing[:5]}")
        for locale in ("zh_Hant", "en"):
            catalog = Catalog(locale=locale, project="jianxian", charset="utf-8")
            for message in source:
                if not message.id:
                    continue
                if locale == "en":
                    string: Any = message.id
                elif isinstance(message.string, tuple | list):
                    string = tuple(to_traditional(s) for s in message.string)
                else:
                    string = to_traditional(message.string or "")
                if locale == "en" and isinstance(message.id, tuple | list):
                    string = message.id
                catalog.add(
                    message.id,
                    string,
                    locations=message.locations,
                    flags=message.flags - {"fuzzy"},
                    context=message.context,
                )
            out = root / locale / "LC_MESSAGES" / "django.po"
            out.parent.mkdir(parents=True, exist_ok=True)
            with out.open("wb") as f:
                write_po(f, catalog, width=100, omit_header=False)
            self.stdout.write(f"Wrote {out} ({len(catalog)} entries).")


def _translated(string: Any) -> bool:
    if isinstance(string, tuple | list):
        return all(string)
    return bool(string)
