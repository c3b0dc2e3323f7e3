"""Fixtures for the rectification tests: evidence files in a temporary media root,
messages in English (the msgid language), and the cast of users around the community."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture(autouse=True)
def english():
    """Messages are asserted in English, the msgid language."""
    from django.utils.translation import override

    with override("en"):
        yield


@pytest.fixture
def cast(db):
    from jianxian.rectification.tests.factories import make_cast

    return make_cast()
