"""The public portal: only published exemplars marked public, to anyone, in either script."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import Client
from django.urls import reverse

from jianxian.core.models import UnitKind
from jianxian.core.tests.factories import make_unit
from jianxian.core.text import to_script
from jianxian.exemplars import actions
from jianxian.exemplars.models import Exemplar, ExemplarField, Level, Photo
from jianxian.portal.tests.builders import HIDDEN_STATES, SUMMARY, make_exemplar
from jianxian.portal.views import CONTENT_SECURITY_POLICY

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def unit():
    city = make_unit("青州市", UnitKind.CITY)
    return make_unit("东城区", UnitKind.DISTRICT, city)


@pytest.fixture
def client() -> Client:
    """An anonymous visitor who chose English (the msgid language)."""
    client = Client()
    client.cookies["django_language"] = "en"
    return client


def index(client: Client, **params: str):
    return client.get(reverse("portal:index"), params)


def detail_url(exemplar: Exemplar) -> str:
    return reverse("portal:exemplar_detail", args=[exemplar.pk])


def card_names(response) -> list[str]:
    return [card["exemplar"].name for card in response.context["cards"]]


def test_public_means_published_and_public_also_for_visible_to(unit):
    shown = make_exemplar(unit, "李正峰")
    for number, state in enumerate(HIDDEN_STATES):
        make_exemplar(unit, f"隐藏{number}", state=state)
    public = set(Exemplar.objects.public())
    assert public == {shown}
    assert set(Exemplar.objects.visible_to(AnonymousUser())) == public


def test_the_list_shows_only_public_published_exemplars(client, unit):
    make_exemplar(unit, "李正峰", photo=True)
    for number, state in enumerate(HIDDEN_STATES):
        make_exemplar(unit, f"隐藏典型{number}", state=state)
    response = index(client)
    assert response.status_code == 200
    assert card_names(response) == ["李正峰"]
    html = response.content.decode()
    assert "隐藏典型" not in html
    assert "全国劳动模范" in html and "省优秀共产党员" in html
    assert "市先进工作者" not in html  # two top honours on a card
    assert "Sense of responsibility" in html  # the quality, for an English reader
    assert 'data-testid="portal-card"' in html
    photo = Photo.objects.get(deed__isnull=True)
    assert reverse("portal:photo", args=[photo.pk, "thumb"]) in html


def test_pages_are_public_cacheable_and_strict(client, unit):
    exemplar = make_exemplar(unit)
    for response in (index(client), client.get(detail_url(exemplar))):
        assert response.status_code == 200
        assert response["Cache-Control"] == "public, max-age=300"
        assert response["Content-Security-Policy"] == CONTENT_SECURITY_POLICY
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["X-Frame-Options"] == "DENY"
        assert "Cookie" in response["Vary"]
        assert "csrftoken" not in response.cookies
        assert b"csrfmiddlewaretoken" not in response.content
        assert b"<script>" not in response.content  # no inline script: the CSP forbids it


def test_detail_shows_the_record_timeline_and_print_layout(client, unit):
    exemplar = make_exemplar(unit, photo=True)
    response = client.get(detail_url(exemplar))
    html = response.content.decode()
    assert response.status_code == 200
    assert "李正峰" in html and SUMMARY in html
    assert html.index("牵头推进系统性改革") < html.index("夜访群众解难题")  # by date
    assert "<strong>三个月</strong>" in html  # sanitized story HTML is kept
    assert "<p>第一段：深入调研。</p>" in html
    assert "市先进工作者" in html and "国务院" in html  # every honour on the detail
    assert 'href="https://example.org/report"' in html
    assert html.count('data-testid="deed"') == 2
    assert 'data-testid="print"' in html
    assert "css/portal.css" in html
    for photo in Photo.objects.all():
        assert reverse("portal:photo", args=[photo.pk, "thumb"]) in html


def test_print_css_hides_navigation_and_buttons():
    from django.contrib.staticfiles import finders

    path = finders.find("css/portal.css")
    assert path is not None
    with open(path, encoding="utf-8") as handle:
        css = handle.read()
    print_rules = css[css.index("@media print") :]
    for selector in (".jx-portal-nav", ".jx-portal-footer", ".btn", ".jx-portal-filters"):
        assert selector in print_rules
    assert "display: none" in print_rules
    assert "break-inside: auto" in print_rules


@pytest.mark.parametrize("state", HIDDEN_STATES)
def test_anything_not_public_and_published_is_a_404(client, unit, state):
    exemplar = make_exemplar(unit, state=state, photo=True)
    assert client.get(detail_url(exemplar)).status_code == 404
    for photo in Photo.objects.filter(exemplar=exemplar):
        for size in ("full", "thumb"):
            assert client.get(reverse("portal:photo", args=[photo.pk, size])).status_code == 404
    assert card_names(index(client)) == []


@pytest.mark.parametrize("state", HIDDEN_STATES)
def test_signed_in_curators_get_no_more_on_the_portal(client, unit, state):
    """The portal is the public view for everyone: even a city admin, who sees drafts in
    the registry, gets a 404 here."""
    from jianxian.core.models import Role
    from jianxian.core.tests.factories import grant, make_user

    admin = make_user("portal_city_admin")
    grant(admin, Role.UNIT_ADMIN, unit)
    client.force_login(admin)
    exemplar = make_exemplar(unit, state=state)
    assert client.get(detail_url(exemplar)).status_code == 404


def test_a_missing_record_and_a_bad_photo_size_are_404(client, unit):
    exemplar = make_exemplar(unit, photo=True)
    photo = Photo.objects.filter(exemplar=exemplar, deed__isnull=True).get()
    assert (
        client.get(reverse("portal:exemplar_detail", args=[exemplar.pk + 999])).status_code == 404
    )
    assert client.get(reverse("portal:photo", args=[photo.pk, "huge"])).status_code == 404


def test_photos_are_served_with_their_type_and_nosniff(client, unit):
    exemplar = make_exemplar(unit, photo=True)
    photo = Photo.objects.filter(exemplar=exemplar, deed__isnull=True).get()
    for size, stored in (("full", photo.image), ("thumb", photo.thumbnail)):
        response = client.get(reverse("portal:photo", args=[photo.pk, size]))
        assert response.status_code == 200
        assert response["Content-Type"] == photo.mime_type
        assert response["X-Content-Type-Options"] == "nosniff"
        body = b"".join(response.streaming_content)
        with stored.open("rb") as handle:
            assert body == handle.read()


def test_a_photo_whose_file_is_gone_is_a_404(client, unit):
    from django.core.files.storage import default_storage

    exemplar = make_exemplar(unit, photo=True)
    photo = Photo.objects.filter(exemplar=exemplar, deed__isnull=True).get()
    default_storage.delete(str(photo.thumbnail.name))
    assert client.get(reverse("portal:photo", args=[photo.pk, "thumb"])).status_code == 404


def test_withdrawing_consent_takes_the_exemplar_off_at_once(client, unit):
    exemplar = make_exemplar(unit, photo=True)
    photo = Photo.objects.filter(exemplar=exemplar, deed__isnull=True).get()
    assert client.get(detail_url(exemplar)).status_code == 200
    exemplar.refresh_from_db()
    actions.set_exemplar_rights(
        actor=None,
        exemplar=exemplar,
        version=exemplar.version,
        public_use=False,
        school_use=False,
        is_public=False,
    )
    assert client.get(detail_url(exemplar)).status_code == 404
    assert client.get(reverse("portal:photo", args=[photo.pk, "full"])).status_code == 404
    assert card_names(index(client, q="干部")) == []


def test_search_finds_simplified_records_by_a_traditional_query(client, unit):
    make_exemplar(unit, "李正峰")  # 干部 in the summary
    make_exemplar(
        unit, "王芳", summary="社区服务的带头人。", deeds=[("义诊下乡", None, "送医上门。")]
    )
    assert card_names(index(client, q="幹部")) == ["李正峰"]
    assert card_names(index(client, q="干部")) == ["李正峰"]
    assert card_names(index(client, q="義診")) == ["王芳"]  # a deed's title


def test_search_finds_exemplars_by_their_deeds_and_names_the_story(client, unit):
    make_exemplar(unit, "李正峰")
    response = index(client, q="夜訪")
    assert card_names(response) == ["李正峰"]
    assert response.context["cards"][0]["matched_deeds"] == ["夜访群众解难题"]
    assert 'data-testid="portal-matched-deeds"' in response.content.decode()


def test_search_never_reveals_hidden_exemplars_or_their_deeds(client, unit):
    for number, state in enumerate(HIDDEN_STATES):
        make_exemplar(
            unit, f"隐藏{number}", state=state, deeds=[("秘密的故事", None, "内部材料。")]
        )
    assert card_names(index(client, q="秘密")) == []
    assert card_names(index(client, q="隐藏")) == []
    assert b"portal-empty" in index(client, q="秘密").content


def test_filters_by_field_kind_and_level(client, unit):
    make_exemplar(unit, "李正峰", field=ExemplarField.GOVERNANCE, level=Level.CITY)
    make_exemplar(unit, "王芳", field=ExemplarField.MEDICINE, level=Level.PROVINCE)
    make_exemplar(unit, "最多跑一次", kind=Exemplar.Kind.PRACTICE, field=ExemplarField.GOVERNANCE)
    assert card_names(index(client, field="medicine")) == ["王芳"]
    assert card_names(index(client, level="province")) == ["王芳"]
    assert card_names(index(client, kind="practice")) == ["最多跑一次"]
    assert sorted(card_names(index(client, field="governance", kind="person"))) == ["李正峰"]
    assert card_names(index(client, field="governance", q="幹部", kind="practice")) == [
        "最多跑一次"
    ]


def test_bad_filter_values_are_explained_not_a_crash(client, unit):
    make_exemplar(unit)
    response = index(client, field="<script>", q="x" * 80)
    assert response.status_code == 200
    assert card_names(response) == ["李正峰"]  # the bad parts are left out
    html = response.content.decode()
    assert 'data-testid="form-error"' in html
    assert "<script>" not in html


def test_the_list_is_paginated(client, unit):
    for number in range(14):
        make_exemplar(unit, f"典型{number:02d}", deeds=[("事迹", None, "")], honours=[])
    first = index(client)
    assert len(first.context["cards"]) == 12
    assert first.context["page"].paginator.count == 14
    second = index(client, page="2")
    assert len(second.context["cards"]) == 2
    assert index(client, page="abc").status_code == 200


def test_a_script_in_a_story_never_reaches_the_page(client, unit):
    exemplar = make_exemplar(
        unit,
        deeds=[
            (
                "危险的故事",
                None,
                '<p onclick="steal()">好人好事<script>alert(1)</script>'
                '<a href="javascript:alert(2)">链接</a><img src=x onerror=alert(3)></p>',
            )
        ],
    )
    html = client.get(detail_url(exemplar)).content.decode()
    assert "好人好事" in html
    assert "alert(" not in html
    assert "onclick" not in html and "onerror" not in html
    assert "javascript:" not in html


def test_no_contact_details_of_the_linked_person(client, unit):
    from jianxian.core import actions as core_actions

    person = core_actions.create_person(
        actor=None, name="赵敏", unit=unit, phone="13905368888", email="zhaomin@example.org"
    )
    exemplar = actions.create_exemplar(
        actor=None,
        owner_unit=unit,
        kind=Exemplar.Kind.PERSON,
        person=person,
        field=ExemplarField.MEDICINE,
        level=Level.CITY,
        summary="救死扶伤。",
    )
    actions.add_deed(actor=None, exemplar=exemplar, title="抗疫一线", body="坚守岗位。")
    from jianxian.portal.tests.builders import with_state

    exemplar = with_state(exemplar, "public")
    html = client.get(detail_url(exemplar)).content.decode()
    assert "赵敏" in html
    assert "13905368888" not in html and "zhaomin@example.org" not in html


def test_a_traditional_reader_sees_traditional_content(unit):
    exemplar = make_exemplar(unit, "李正峰")
    reader = Client()
    reader.cookies["django_language"] = "zh-hant"
    html = reader.get(detail_url(exemplar)).content.decode()
    assert to_script(SUMMARY, "zh-hant") in html
    assert to_script(SUMMARY, "zh-hant") != SUMMARY
    assert '<html lang="zh-hant">' in html


def test_the_language_switch_sets_the_cookie_and_goes_back(client, unit):
    exemplar = make_exemplar(unit)
    url = reverse("portal:language", args=["zh-hant"])
    response = client.get(url, {"next": detail_url(exemplar)})
    assert response.status_code == 302
    assert response["Location"] == detail_url(exemplar)
    assert response.cookies["django_language"].value == "zh-hant"
    assert "no-store" in response["Cache-Control"]
    page = client.get(detail_url(exemplar))  # the client now carries the cookie
    assert to_script(SUMMARY, "zh-hant") in page.content.decode()


def test_the_language_switch_refuses_other_sites_and_unknown_languages(client):
    url = reverse("portal:language", args=["zh-hant"])
    assert client.get(url, {"next": "https://evil.example/"})["Location"] == reverse("portal:index")
    assert client.get(url, {"next": "//evil.example/"})["Location"] == reverse("portal:index")
    assert client.get(reverse("portal:language", args=["fr"])).status_code == 404


def test_the_portal_takes_no_writes(client, unit):
    exemplar = make_exemplar(unit)
    assert client.post(reverse("portal:index")).status_code == 405
    assert client.post(detail_url(exemplar)).status_code == 405
