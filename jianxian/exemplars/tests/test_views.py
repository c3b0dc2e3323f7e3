"""The signed-in exemplar pages: list and search, detail, forms, workflow buttons, photos
and the review queue."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from PIL import Image

from jianxian.exemplars import actions
from jianxian.exemplars.models import Deed, Exemplar, Photo, Quality
from jianxian.exemplars.tests.factories import (
    make_cast,
    make_exemplar,
    make_published,
    make_ready,
    png_bytes,
    with_status,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def cast():
    return make_cast()


def as_user(client: Client, user: Any) -> Client:
    client.force_login(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"  # messages are asserted in English
    return client


def jpeg_bytes(size: tuple[int, int] = (80, 60)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, (20, 120, 200)).save(buffer, "JPEG")
    return buffer.getvalue()


def upload(name: str, data: bytes, content_type: str = "image/jpeg") -> Any:
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, data, content_type=content_type)


# --- List and search ---------------------------------------------------------


def test_list_shows_visible_cards_and_hides_drafts_from_members(client, cast):
    make_published(cast.unit, "李正峰")
    make_exemplar(cast.unit, "张草稿")
    page = as_user(client, cast.member).get(reverse("exemplars:list"))
    assert page.status_code == 200
    text = page.content.decode()
    assert "李正峰" in text and "张草稿" not in text
    curator = as_user(Client(), cast.organizer).get(reverse("exemplars:list")).content.decode()
    assert "张草稿" in curator and 'data-testid="status"' in curator


def test_list_anonymous_is_sent_to_sign_in(client):
    response = client.get(reverse("exemplars:list"))
    assert response.status_code == 302 and settings.LOGIN_URL in response["Location"]


def test_search_finds_a_deed_in_the_other_script(client, cast):
    exemplar = make_published(cast.unit, "王芳")
    make_published(cast.unit, "赵敏")
    draft = make_exemplar(cast.unit, "陈志强", summary="简介", actor=None)
    actions.add_deed(actor=None, exemplar=draft, title="培养年轻干部", body="带出一支干部队伍。")
    with_status(draft, Exemplar.Status.PUBLISHED)
    response = as_user(client, cast.member).get(reverse("exemplars:list"), {"q": "幹部"})
    cards = response.content.decode()
    assert "陈志强" in cards
    assert exemplar.name not in cards and "赵敏" not in cards


def test_search_by_name_pinyin_and_initials(client, cast):
    make_published(cast.unit, "李正峰")
    make_published(cast.unit, "王芳")
    as_user(client, cast.member)
    for query in ("李正峰", "lizhengfeng", "lzf"):
        text = client.get(reverse("exemplars:list"), {"q": query}).content.decode()
        assert "李正峰" in text and "王芳" not in text, query


def test_search_results_come_as_an_htmx_fragment(client, cast):
    make_published(cast.unit, "李正峰")
    response = as_user(client, cast.member).get(
        reverse("exemplars:list"),
        {"q": "lzf"},
        headers={"HX-Request": "true", "HX-Target": "results"},
    )
    text = response.content.decode()
    assert "李正峰" in text and "<html" not in text


def test_filters_narrow_the_list_and_bad_values_are_ignored(client, cast):
    quality = Quality.objects.filter(is_active=True)[0]
    make_published(cast.unit, "李正峰", field="education", qualities=[quality])
    make_published(cast.unit, "王芳", field="medicine")
    as_user(client, cast.member)
    text = client.get(reverse("exemplars:list"), {"field": "education"}).content.decode()
    assert "李正峰" in text and "王芳" not in text
    text = client.get(reverse("exemplars:list"), {"quality": quality.pk}).content.decode()
    assert "李正峰" in text and "王芳" not in text
    make_published(cast.tree.team, "赵敏")
    text = client.get(reverse("exemplars:list"), {"unit": cast.tree.team.pk}).content.decode()
    assert "赵敏" in text and "李正峰" not in text
    text = client.get(reverse("exemplars:list"), {"unit": cast.unit.pk}).content.decode()
    assert "赵敏" in text and "李正峰" in text
    response = client.get(reverse("exemplars:list"), {"kind": "dragon", "unit": "x", "page": "9"})
    assert response.status_code == 200 and "李正峰" in response.content.decode()


# --- Detail ------------------------------------------------------------------


def test_detail_outside_scope_is_404(client, cast):
    exemplar = make_exemplar(cast.unit, "张草稿")
    url = reverse("exemplars:detail", args=[exemplar.pk])
    assert as_user(client, cast.member).get(url).status_code == 404  # a draft
    assert as_user(Client(), cast.other_district).get(url).status_code == 404
    assert as_user(Client(), cast.organizer).get(url).status_code == 200


def test_a_script_in_a_story_never_reaches_the_page(client, cast):
    exemplar = make_ready(cast.unit, "李正峰")
    actions.add_deed(
        actor=None,
        exemplar=exemplar,
        title="<script>alert('t')</script>深夜加班",
        body="<p>带头<strong>攻坚</strong></p><script>alert('x')</script>"
        '<img src=x onerror="alert(1)"><a href="javascript:alert(2)">链接</a>',
    )
    text = as_user(client, cast.organizer).get(reverse("exemplars:detail", args=[exemplar.pk]))
    html = text.content.decode()
    assert "<strong>攻坚</strong>" in html
    assert "alert('x')" not in html and "onerror" not in html and "javascript:" not in html
    assert "&lt;script&gt;alert(&#x27;t&#x27;)" in html  # the title is escaped, not run
    assert html.count("<script") == html.count('<script src="')


def test_detail_shows_buttons_the_user_may_press(client, cast):
    exemplar = make_ready(cast.unit, "李正峰")
    url = reverse("exemplars:detail", args=[exemplar.pk])
    organizer = as_user(client, cast.organizer).get(url).content.decode()
    assert 'data-testid="move-submit"' in organizer and 'data-testid="edit-exemplar"' in organizer
    assert "No linked activity yet." in organizer
    with_status(exemplar, Exemplar.Status.UNDER_REVIEW)
    organizer = client.get(url).content.decode()
    assert "move-publish" not in organizer and "edit-exemplar" not in organizer
    verifier = as_user(Client(), cast.verifier).get(url).content.decode()
    assert 'data-testid="move-publish"' in verifier and 'data-testid="return-form"' in verifier


# --- Forms -------------------------------------------------------------------


def test_organizer_creates_an_exemplar(client, cast):
    quality = Quality.objects.filter(is_active=True)[0]
    form = as_user(client, cast.organizer).get(reverse("exemplars:create")).content.decode()
    assert f'type="checkbox" name="qualities" value="{quality.pk}"' in form
    assert f'<option value="{cast.unit.pk}"' in form
    response = as_user(client, cast.organizer).post(
        reverse("exemplars:create"),
        {
            "owner_unit": cast.unit.pk,
            "kind": "person",
            "name": "周杰",
            "external_name": "",
            "field": "community",
            "level": "district",
            "summary": "扎根社区二十年。",
            "qualities": [quality.pk],
        },
    )
    exemplar = Exemplar.objects.get(name="周杰")
    assert response.status_code == 302
    assert response["Location"] == reverse("exemplars:detail", args=[exemplar.pk])
    assert exemplar.external_name == "周杰" and exemplar.status == "draft"
    assert list(exemplar.qualities.all()) == [quality]


def test_create_is_refused_without_an_editor_role(client, cast):
    assert as_user(client, cast.member).get(reverse("exemplars:create")).status_code == 403


def test_stale_edit_shows_the_clear_message(client, cast):
    exemplar = make_exemplar(cast.unit, "李正峰", summary="旧")
    stale = exemplar.version
    actions.update_exemplar(
        actor=None,
        exemplar=exemplar,
        version=stale,
        kind=exemplar.kind,
        field=exemplar.field,
        level=exemplar.level,
        name=exemplar.name,
        external_name=exemplar.external_name,
        summary="别人改过",
    )
    response = as_user(client, cast.organizer).post(
        reverse("exemplars:edit", args=[exemplar.pk]),
        {
            "kind": "person",
            "name": "李正峰",
            "external_name": "李正峰",
            "field": exemplar.field,
            "level": exemplar.level,
            "summary": "我的修改",
            "version": stale,
        },
    )
    assert response.status_code == 200
    assert "changed by someone else" in response.content.decode()
    exemplar.refresh_from_db()
    assert exemplar.summary == "别人改过"


def test_edit_of_a_published_exemplar_is_for_reviewers(client, cast):
    exemplar = make_published(cast.unit, "李正峰")
    url = reverse("exemplars:edit", args=[exemplar.pk])
    assert as_user(client, cast.organizer).get(url).status_code == 403
    assert as_user(Client(), cast.member).get(url).status_code == 403
    assert as_user(Client(), cast.verifier).get(url).status_code == 200


def test_deed_honour_source_rights_and_qualities(client, cast):
    exemplar = make_exemplar(cast.unit, "李正峰", summary="简介")
    as_user(client, cast.organizer)
    pk = exemplar.pk
    r = client.post(
        reverse("exemplars:deed_add", args=[pk]),
        {"title": "抗洪一线", "date": "2020-07-01", "body": "第一段。\n\n第二段。"},
    )
    assert r.status_code == 302
    deed = Deed.objects.get(exemplar=exemplar)
    assert deed.body_html == "<p>第一段。</p><p>第二段。</p>"
    r = client.post(
        reverse("exemplars:deed_edit", args=[deed.pk]),
        {"title": "抗洪一线", "date": "", "body": "改写", "version": deed.version},
    )
    assert r.status_code == 302 and Deed.objects.get(pk=deed.pk).body == "改写"
    r = client.post(
        reverse("exemplars:honour_add", args=[pk]),
        {"title": "全国劳动模范", "conferred_by": "国务院", "level": "nation", "year": 2300},
    )
    assert r.status_code == 200 and "The year must be between" in r.content.decode()
    r = client.post(
        reverse("exemplars:honour_add", args=[pk]),
        {"title": "全国劳动模范", "conferred_by": "国务院", "level": "nation", "year": 2019},
    )
    assert r.status_code == 302 and exemplar.honours.count() == 1
    r = client.post(
        reverse("exemplars:source_add", args=[pk]),
        {"title": "报道", "url": "javascript:alert(1)", "deed": ""},
    )
    assert r.status_code == 200 and "http://" in r.content.decode()
    r = client.post(
        reverse("exemplars:source_add", args=[pk]),
        {"title": "报道", "url": "https://example.org/a", "deed": deed.pk},
    )
    assert r.status_code == 302 and deed.sources.count() == 1
    exemplar.refresh_from_db()
    r = client.post(
        reverse("exemplars:rights", args=[pk]),
        {"is_public": "on", "consent_note": "", "version": exemplar.version},
    )
    assert "consent to public use" in r.content.decode()
    r = client.post(
        reverse("exemplars:rights", args=[pk]),
        {
            "public_use": "on",
            "is_public": "on",
            "consent_note": "签字",
            "version": exemplar.version,
        },
    )
    assert r.status_code == 302
    quality = Quality.objects.filter(is_active=True)[0]
    r = client.post(reverse("exemplars:qualities", args=[pk]), {"qualities": [quality.pk]})
    assert r.status_code == 302
    exemplar.refresh_from_db()
    assert exemplar.is_public and list(exemplar.qualities.all()) == [quality]
    detail = client.get(reverse("exemplars:detail", args=[pk])).content.decode()
    assert "全国劳动模范" in detail and "https://example.org/a" in detail


def test_photo_upload_refusal_is_shown_on_the_form(client, cast, media_root):
    exemplar = make_exemplar(cast.unit, "李正峰")
    as_user(client, cast.organizer)
    url = reverse("exemplars:photo_add", args=[exemplar.pk])
    polyglot = jpeg_bytes() + b"PK\x03\x04" + b"<script>alert(1)</script>" * 20
    r = client.post(url, {"image": upload("p.jpg", polyglot), "caption": ""})
    assert r.status_code == 200
    assert 'data-testid="error-image"' in r.content.decode()
    r = client.post(url, {"image": upload("note.jpg", b"just some text", "image/jpeg")})
    assert r.status_code == 200 and 'data-testid="error-image"' in r.content.decode()
    assert not Photo.objects.exists()
    r = client.post(url, {"image": upload("ok.png", png_bytes(), "image/png"), "caption": "合影"})
    assert r.status_code == 302
    photo = Photo.objects.get()
    assert photo.caption == "合影" and photo.mime_type == "image/png"


# --- Photos ------------------------------------------------------------------


def test_photos_are_served_through_the_access_check(client, cast, media_root):
    public = make_published(cast.unit, "李正峰", public=True)
    draft = make_exemplar(cast.unit, "张草稿")
    shown = actions.add_photo(actor=None, exemplar=public, data=jpeg_bytes())
    hidden = actions.add_photo(actor=None, exemplar=draft, data=jpeg_bytes((40, 40)))
    response = client.get(reverse("exemplars:photo", args=[shown.pk]))  # anonymous
    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"].startswith("private")
    body = b"".join(response.streaming_content)
    assert body[:3] == b"\xff\xd8\xff"
    thumb = client.get(reverse("exemplars:photo_thumb", args=[shown.pk]))
    assert thumb.status_code == 200 and thumb["Content-Type"] == "image/jpeg"
    assert client.get(reverse("exemplars:photo", args=[hidden.pk])).status_code == 404
    assert (
        as_user(Client(), cast.member)
        .get(reverse("exemplars:photo_thumb", args=[hidden.pk]))
        .status_code
        == 404
    )
    assert (
        as_user(Client(), cast.organizer)
        .get(reverse("exemplars:photo", args=[hidden.pk]))
        .status_code
        == 200
    )
    page = as_user(Client(), cast.member).get(reverse("exemplars:list")).content.decode()
    assert reverse("exemplars:photo_thumb", args=[shown.pk]) in page
    assert settings.MEDIA_URL not in page


# --- Workflow ----------------------------------------------------------------


def test_submit_publish_and_the_review_queue(client, cast):
    exemplar = make_ready(cast.unit, "李正峰", actor=cast.organizer)
    as_user(client, cast.organizer)
    r = client.post(reverse("exemplars:move", args=[exemplar.pk, "submit"]))
    assert r.status_code == 302
    exemplar.refresh_from_db()
    assert exemplar.status == "under_review"
    # The submitter may not publish their own submission: a 403.
    assert client.post(reverse("exemplars:move", args=[exemplar.pk, "publish"])).status_code == 403
    verifier = as_user(Client(), cast.verifier)
    queue = verifier.get(reverse("exemplars:review")).content.decode()
    assert "李正峰" in queue
    assert "李正峰" not in client.get(reverse("exemplars:review")).content.decode()
    r = verifier.post(reverse("exemplars:move", args=[exemplar.pk, "return"]), {"note": ""})
    assert r.status_code == 302
    page = verifier.get(r["Location"]).content.decode()
    assert "Say why the exemplar goes back to draft." in page
    r = verifier.post(reverse("exemplars:move", args=[exemplar.pk, "publish"]))
    exemplar.refresh_from_db()
    assert exemplar.status == "published"
    assert "Published." in verifier.get(r["Location"]).content.decode()


def test_a_move_that_cannot_happen_now_is_a_message(client, cast):
    exemplar = make_exemplar(cast.unit, "李正峰")  # no summary, no deed
    as_user(client, cast.organizer)
    r = client.post(reverse("exemplars:move", args=[exemplar.pk, "submit"]), follow=True)
    assert r.status_code == 200 and "needs a summary" in r.content.decode()
    assert client.get(reverse("exemplars:move", args=[exemplar.pk, "submit"])).status_code == 405
    assert client.post(reverse("exemplars:move", args=[exemplar.pk, "fly"])).status_code == 404
