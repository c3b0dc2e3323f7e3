"""The admin is a read-only window on the ledger; categories are edited through the
actions."""

from __future__ import annotations

import pytest
from django.test import Client

from jianxian.core.models import Event
from jianxian.core.tests.factories import make_user
from jianxian.rectification.models import Category
from jianxian.rectification.tests.factories import make_problem, with_status

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(cast) -> Client:
    client = Client()
    client.force_login(make_user("root", is_superuser=True))
    return client


def test_problems_are_listed_and_shown_but_not_changed(cast, admin_client):
    problem = with_status(make_problem(cast), "closed")
    listing = admin_client.get("/admin/rectification/problem/")
    assert listing.status_code == 200 and problem.title in listing.content.decode()
    page = admin_client.get(f"/admin/rectification/problem/{problem.pk}/change/")
    assert page.status_code == 200
    assert b'name="status"' not in page.content  # shown, never an input
    assert admin_client.get("/admin/rectification/problem/add/").status_code == 403
    response = admin_client.post(
        f"/admin/rectification/problem/{problem.pk}/change/", {"status": "draft"}
    )
    assert response.status_code == 403
    problem.refresh_from_db()
    assert problem.status == "closed"
    assert admin_client.get(f"/admin/rectification/problem/{problem.pk}/delete/").status_code == 403


def test_categories_go_through_the_actions(cast, admin_client):
    response = admin_client.post(
        "/admin/rectification/category/add/",
        {"name": "纪律规矩", "name_en": "Discipline", "position": 60, "is_active": "on"},
    )
    assert response.status_code == 302
    created = Category.objects.get(name="纪律规矩")
    assert Event.objects.filter(verb="category.create", target_id=created.pk).exists()
    used = Category.objects.get(name="作风形象")
    assert admin_client.get(f"/admin/rectification/category/{used.pk}/change/").status_code == 200
