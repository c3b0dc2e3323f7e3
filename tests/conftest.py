"""Fixtures shared by the cross-cutting suites: the test world (see tests/world.py)."""

from __future__ import annotations

import pytest

from tests.world import World, build_world


@pytest.fixture
def world(db) -> World:
    """A fresh organisation for one test."""
    return build_world()
