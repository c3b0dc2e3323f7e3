"""The exemplar pages that remove parts, delete a draft and link an exemplar to a person
or unit on the platform."""

from __future__ import annotations

from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from jianxian.core.actions import create_person
from jianxian.core.models import Event
from jianxian.exemplars import actions
from jianxian.exemplars.models import Deed, Exemplar, Honour, Photo, Source
from jianxian.exemplars.tests.factories import make_cast, make_exemplar, make_published, png_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture
def cast():
    return make_cast()


def as_user(client: Client, user: Any) -> Client:
    client.force_login(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def furnished(unit: Any) -> tuple[Exemplar, Deed]:
    exemplar = make_exemplar(unit, "李正峰", summary="简介")
    deed = actions.add_deed(actor=None, exemplar=exemplar, title="抗洪一线", date=None, body="x")
    actions.add_honour(
        actor=None,
        exemplar=exemplar,
        title="全国劳动模范",
        conferred_by="",
        level="nation",
        year=2019,
    )
    actions.add_source(actor=None, exemplar=exemplar, title="报道", url="https://example.org/a")
    return exemplar, deed


# --- Removing parts ------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "model"), [("deeds", Deed), ("honours", Honour), ("sources", Source)]
)
def test_an_editor_confirms_then_removes_a_part(client, cast, kind, model):
    exemplar, _deed = furnished(cast.tree.community)
    record = model.objects.get(exemplar=exemplar)
    url = reverse("exemplars:remove", args=[kind, record.pk])
    as_user(client, cast.organizer)
    page = client.get(url)
    assert page.status_code == 200 and 'data-testid="confirm-remove"' in page.content.decode()
    assert model.objects.filter(pk=record.pk).exists()  # a GET removes nothing
    response = client.post(url)
    assert response["Location"] == reverse("exemplars:detail", args=[exemplar.pk])
    assert not model.objects.filter(pk=record.pk).exists()
    assert Event.objects.filter(verb__startswith="exemplar.remove_", target_id=exemplar.pk).exists()


def test_a_photo_is_removed_with_its_files(
    client, cast, media_root, django_capture_on_commit_callbacks
):
    exemplar = make_exemplar(cast.tree.community, "李正峰")
    photo = actions.add_photo(actor=None, exemplar=exemplar, data=png_bytes(), caption="合影")
    files = [media_root / photo.image.name, media_root / photo.thumbnail.name]
    assert all(f.exists() for f in files)
    with django_capture_on_commit_callbacks(execute=True):
        as_user(client, cast.organizer).post(reverse("exemplars:remove", args=["photos", photo.pk]))
    assert not Photo.objects.filter(pk=photo.pk).exists()
    assert not any(f.exists() for f in files)


def test_the_detail_page_offers_remove_links_to_editors_only(client, cast):
    exemplar, deed = furnished(cast.tree.community)
    detail = reverse("exemplars:detail", args=[exemplar.pk])
    page = as_user(client, cast.organizer).get(detail).content.decode()
    assert reverse("exemplars:remove", args=["deeds", deed.pk]) in page
    assert 'data-testid="remove-honour"' in page and 'data-testid="remove-source"' in page
    published = make_published(cast.tree.community, "赵晓颖")
    other = as_user(Client(), cast.member).get(reverse("exemplars:detail", args=[published.pk]))
    assert 'data-testid="remove-deed"' not in other.content.decode()


def test_removal_is_refused_outside_the_editors(client, cast):
    _exemplar, deed = furnished(cast.tree.community)
    url = reverse("exemplars:remove", args=["deeds", deed.pk])
    assert as_user(client, cast.other_organizer).post(url).status_code == 404  # unseen
    assert as_user(Client(), cast.verifier).post(url).status_code == 403  # sees, may not edit
    assert Deed.objects.filter(pk=deed.pk).exists()
    assert (
        as_user(Client(), cast.organizer)
        .post(reverse("exemplars:remove", args=["qualities", deed.pk]))
        .status_code
        == 404
    )


def test_a_frozen_exemplar_keeps_its_parts(client, cast):
    exemplar, deed = furnished(cast.tree.community)
    actions.submit_exemplar(actor=cast.organizer, exemplar=exemplar)
    url = reverse("exemplars:remove", args=["deeds", deed.pk])
    assert as_user(client, cast.organizer).post(url).status_code == 403
    assert Deed.objects.filter(pk=deed.pk).exists()


# --- Deleting a draft -------------------------------------------------------------


def test_a_draft_is_deleted_after_confirmation(client, cast):
    exemplar, deed = furnished(cast.tree.community)
    url = reverse("exemplars:delete", args=[exemplar.pk])
    as_user(client, cast.organizer)
    detail = client.get(reverse("exemplars:detail", args=[exemplar.pk])).content.decode()
    assert url in detail
    assert "李正峰" in client.get(url).content.decode()
    response = client.post(url)
    assert response["Location"] == reverse("exemplars:list")
    assert not Exemplar.objects.filter(pk=exemplar.pk).exists()
    assert not Deed.objects.filter(pk=deed.pk).exists()
    assert Event.objects.filter(verb="exemplar.delete", target_id=exemplar.pk).exists()


def test_a_published_exemplar_cannot_be_deleted(client, cast):
    exemplar = make_published(cast.tree.community, "赵晓颖")
    url = reverse("exemplars:delete", args=[exemplar.pk])
    assert as_user(client, cast.city_admin).post(url).status_code == 403
    assert Exemplar.objects.filter(pk=exemplar.pk).exists()
    page = client.get(reverse("exemplars:detail", args=[exemplar.pk])).content.decode()
    assert url not in page


# --- Linking to a person or unit on the platform -------------------------------------


def make_person(name: str, unit: Any, *, staff_no: str) -> Any:
    return create_person(actor=None, name=name, unit=unit, staff_no=staff_no)


def create(client: Client, cast: Any, **fields: Any) -> Any:
    data = {
        "owner_unit": cast.tree.community.pk,
        "kind": "person",
        "name": "",
        "person_ref": "",
        "unit_ref": "",
        "external_name": "",
        "field": "community",
        "level": "district",
        "summary": "",
        **fields,
    }
    return as_user(client, cast.organizer).post(reverse("exemplars:create"), data)


def test_a_person_is_linked_by_staff_number_or_unique_name(client, cast):
    person = make_person("陈秀兰", cast.tree.team, staff_no="QZ-0042")
    response = create(client, cast, name="陈秀兰", person_ref="QZ-0042")
    assert response.status_code == 302
    exemplar = Exemplar.objects.get(person=person)
    assert exemplar.external_name == ""
    create(Client(), cast, name="陈秀兰（二）", person_ref="陳秀蘭")  # a Traditional name
    assert Exemplar.objects.filter(person=person).count() == 2
    form = as_user(client, cast.organizer).get(reverse("exemplars:edit", args=[exemplar.pk]))
    assert 'value="QZ-0042"' in form.content.decode()


def test_an_ambiguous_unknown_or_unseen_person_is_a_form_error(client, cast):
    make_person("王芳", cast.tree.team, staff_no="A1")
    make_person("王芳", cast.tree.community, staff_no="A2")
    make_person("孙西岭", cast.tree.village, staff_no="B1")  # another district
    for ref, message in [
        ("王芳", "give the staff number"),
        ("查无此人", "No one you can see"),
        ("B1", "No one you can see"),
    ]:
        response = create(Client(), cast, name="某人", person_ref=ref)
        assert response.status_code == 200 and message in response.content.decode()
    assert not Exemplar.objects.exists()


def test_a_collective_is_linked_to_a_unit_and_a_mismatch_is_refused(client, cast):
    team = cast.tree.team
    response = create(client, cast, kind="collective", name="网格一组", unit_ref=team.name)
    assert response.status_code == 302
    assert Exemplar.objects.get(subject_unit=team).external_name == ""
    response = create(Client(), cast, kind="collective", name="某组", person_ref="")
    assert response.status_code == 302  # no link: named from outside
    make_person("陈秀兰", team, staff_no="QZ-0042")
    response = create(Client(), cast, kind="collective", name="某组", person_ref="QZ-0042")
    assert "not linked to a person" in response.content.decode()
