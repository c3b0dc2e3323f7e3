"""The UI speaks zh-Hans (default), zh-Hant and English: every string, always."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from django.conf import settings

from jianxian.core.text import to_traditional

LOCALE = Path(settings.BASE_DIR) / "locale"
LANGUAGES = ["zh_Hans", "zh_Hant", "en"]


def catalog(language: str):
    with (LOCALE / language / "LC_MESSAGES" / "django.po").open("rb") as f:
        return read_po(f, locale=language)


def strings(message) -> tuple:
    s = message.string
    return tuple(s) if isinstance(s, tuple | list) else (s,)


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_entry_is_translated_and_none_is_fuzzy(language):
    entries = [m for m in catalog(language) if m.id]
    assert len(entries) > 100
    untranslated = [m.id for m in entries if not all(strings(m))]
    fuzzy = [m.id for m in entries if m.fuzzy]
    assert not untranslated, untranslated[:10]
    assert not fuzzy, fuzzy[:10]


def test_the_derived_catalogues_match_zh_hans():
    """zh_Hant is zh_Hans through OpenCC and en is the msgids: `derive_catalogues` was run."""
    hans = {m.id: strings(m) for m in catalog("zh_Hans") if m.id}
    hant = {m.id: strings(m) for m in catalog("zh_Hant") if m.id}
    en = {m.id: m for m in catalog("en") if m.id}
    assert set(hant) == set(hans) == set(en)
    for msgid, translated in hans.items():
        assert hant[msgid] == tuple(to_traditional(s) for s in translated), msgid
    for msgid, message in en.items():
        ids = msgid if isinstance(msgid, tuple) else (msgid,)
        assert strings(message) == ids, msgid


def test_hant_catalogue_has_no_over_converted_characters():
    text = (LOCALE / "zh_Hant" / "LC_MESSAGES" / "django.po").read_text(encoding="utf-8")
    assert "幹部" in text
    for wrong in ("乾部", "層麵"):
        assert wrong not in text


def test_no_ui_string_is_missing_from_the_catalogue(tmp_path):
    """Extract the strings afresh (xgettext) and check each one is in the zh_Hans catalogue."""
    if shutil.which("xgettext") is None:
        pytest.skip("gettext (xgettext) is not installed; `make test` installs it")
    root = Path(settings.BASE_DIR)
    for name in ("config", "jianxian", "templates"):
        shutil.copytree(
            root / name, tmp_path / name, ignore=shutil.ignore_patterns("__pycache__", "tests")
        )
    shutil.copy(root / "manage.py", tmp_path / "manage.py")
    (tmp_path / "locale").mkdir()
    result = subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "zh_Hans", "--no-location"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    with (tmp_path / "locale/zh_Hans/LC_MESSAGES/django.po").open("rb") as f:
        extracted = {m.id for m in read_po(f, locale="zh_Hans") if m.id}
    known = {m.id for m in catalog("zh_Hans") if m.id}
    missing = sorted(map(str, extracted - known))
    assert not missing, (
        "UI strings without a translation; run makemessages, translate them in "
        f"locale/zh_Hans and run derive_catalogues: {missing[:20]}"
    )
