"""Fixtures for the exemplar tests: uploaded files in a temporary media root, and a
record of what the actions send to the search index."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pytest


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@dataclass
class IndexLog:
    """The documents the actions upserted and removed, in order."""

    indexed: list[tuple[Any, dict[str, Any]]] = field(default_factory=list)
    removed: list[Any] = field(default_factory=list)

    def last(self, obj: Any) -> dict[str, Any]:
        """The latest upsert of ``obj`` (its keyword arguments)."""
        for indexed, kwargs in reversed(self.indexed):
            if type(indexed) is type(obj) and indexed.pk == obj.pk:
                return kwargs
        raise AssertionError(f"{obj!r} was never indexed")

    def clear(self) -> None:
        self.indexed.clear()
        self.removed.clear()


@pytest.fixture(autouse=True)
def search_index(monkeypatch) -> IndexLog:
    """Record every call the actions make to ``core.search`` and pass it on to the real
    index, so the tests see both what was sent and what the index does with it."""
    from jianxian.core import search

    log = IndexLog()
    real_index, real_remove = search.index_document, search.remove_document

    def index_document(obj: Any, **kwargs: Any) -> None:
        log.indexed.append((obj, kwargs))
        real_index(obj, **kwargs)

    def remove_document(obj: Any) -> None:
        log.removed.append(obj)
        real_remove(obj)

    monkeypatch.setattr(search, "index_document", index_document)
    monkeypatch.setattr(search, "remove_document", remove_document)
    return log


@pytest.fixture(autouse=True)
def english():
    """Messages are asserted in English, the msgid language."""
    from django.utils.translation import override

    with override("en"):
        yield
