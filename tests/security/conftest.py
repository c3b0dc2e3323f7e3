"""The access tests share one world per module: it is built once inside an outer
transaction; each test runs in a savepoint within it (pytest-django's ``db``), so a
test's writes are undone before the next, and the whole world at the module's end."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.db import transaction
from django.test import Client

from tests.world import World, build_world


@pytest.fixture(scope="module")
def _module_world(django_db_setup, django_db_blocker) -> Iterator[World]:
    with django_db_blocker.unblock(), transaction.atomic():
        world = build_world()
        yield world
        transaction.set_rollback(True)


@pytest.fixture
def shared_world(_module_world: World, db) -> World:
    """The module's world, inside this test's own savepoint (``db``)."""
    return _module_world


@pytest.fixture
def csrf_client(db) -> Client:
    """A test client that checks CSRF as a real browser session would be checked."""
    return Client(enforce_csrf_checks=True)


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path_factory) -> None:
    """Files the rules' builders upload (photos) go to a temporary folder, not var/media."""
    settings.MEDIA_ROOT = tmp_path_factory.mktemp("security-media")
