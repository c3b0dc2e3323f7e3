"""The exemplar API at /api/v1/exemplars: visibility, filters and search, edits with
versions, the workflow, qualities and rights, deeds, honours, sources and photo uploads."""

import json
from typing import Any

import pytest
from django.conf import settings
from django.test import Client

from jianxian.core import actions as core_actions
from jianxian.core.models import Event
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

EX = "/api/v1/exemplars"


@pytest.fixture
def cast():
    return make_cast()


def client_for(user: Any, *, csrf: bool = False) -> Client:
    """A signed-in browser session; messages asked for in English, the msgid language."""
    client = Client(enforce_csrf_checks=csrf)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    client.force_login(user)
    return client


def send(client: Client, method: str, url: str, data: Any = None):
    body = json.dumps(data) if data is not None else ""
    return client.generic(method, url, body, content_type="application/json")


def error(response, status: int) -> str:
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith("application/json")
    detail = response.json()["detail"]
    assert isinstance(detail, str) and detail
    return detail


def names(response) -> list[str]:
    assert response.status_code == 200, response.content
    return sorted(item["name"] for item in response.json()["items"])


# --- Authentication and visibility --------------------------------------------


@pytest.mark.parametrize(
    ("method", "path"),
    [("GET", ""), ("POST", ""), ("GET", "/qualities"), ("GET", "/1"), ("PATCH", "/1")],
)
def test_anonymous_gets_401(method, path):
    error(send(Client(), method, EX + path, {} if method != "GET" else None), 401)


def test_list_shows_what_the_caller_may_see(cast):
    make_exemplar(cast.unit, "草稿甲")
    make_published(cast.unit, "发布乙")
    make_published(cast.unit, "公开丙", public=True)
    assert names(client_for(cast.organizer).get(EX)) == ["公开丙", "发布乙", "草稿甲"]
    assert names(client_for(cast.member).get(EX)) == ["公开丙", "发布乙"]
    assert names(client_for(cast.other_district).get(EX)) == ["公开丙"]


def test_a_record_out_of_scope_is_404(cast):
    draft = make_exemplar(cast.unit, "草稿甲")
    published = make_published(cast.unit, "发布乙")
    member, other = client_for(cast.member), client_for(cast.other_district)
    error(member.get(f"{EX}/{draft.pk}"), 404)
    error(other.get(f"{EX}/{published.pk}"), 404)
    error(other.get(f"{EX}/{published.pk}/deeds"), 404)
    error(member.get(f"{EX}/{draft.pk}/photos"), 404)
    assert member.get(f"{EX}/{published.pk}").status_code == 200


def test_filters(cast):
    quality = Quality.objects.get(code="craftsmanship")
    make_published(cast.unit, "工匠甲", field="craftsmanship", qualities=[quality])
    make_published(cast.tree.team, "网格乙", kind="collective", level="unit")
    make_published(cast.tree.school, "教师丙", field="education", level="province")
    make_exemplar(cast.unit, "草稿丁")
    client = client_for(cast.city_admin)
    assert names(client.get(EX, {"field": "craftsmanship"})) == ["工匠甲"]
    assert names(client.get(EX, {"kind": "collective"})) == ["网格乙"]
    assert names(client.get(EX, {"level": "province"})) == ["教师丙"]
    assert names(client.get(EX, {"quality": "craftsmanship"})) == ["工匠甲"]
    assert names(client.get(EX, {"status": "draft"})) == ["草稿丁"]
    assert names(client.get(EX, {"unit": cast.unit.pk})) == ["工匠甲", "网格乙", "草稿丁"]
    assert names(client.get(EX, {"unit": cast.tree.district_b.pk})) == []
    assert names(client.get(EX, {"unit": 999999})) == []
    body = client.get(EX, {"page": 1}).json()
    assert body["count"] == 4
    first = body["items"][0]
    assert first["owner_unit_name"] and isinstance(first["qualities"], list)


def test_search_in_either_script_over_names_summaries_and_deeds(cast):
    with_status(make_exemplar(cast.unit, "张干部", summary="扎根基层的干部。"), "draft")
    by_deed = make_exemplar(cast.unit, "李红")
    actions.add_deed(actor=None, exemplar=by_deed, title="抗洪抢险", body="连续奋战七天。")
    make_published(cast.unit, "王工匠")
    client = client_for(cast.organizer)
    assert names(client.get(EX, {"q": "幹部"})) == ["张干部"]  # Traditional finds Simplified
    assert names(client.get(EX, {"q": "搶險"})) == ["李红"]  # through a deed
    assert names(client.get(EX, {"q": "zgb"})) == ["张干部"]  # initials
    assert names(client.get(EX, {"q": "zhangganbu"})) == ["张干部"]  # pinyin
    assert names(client.get(EX, {"q": "抢险", "status": "published"})) == []
    # The index never widens what the caller may see.
    assert names(client_for(cast.other_district).get(EX, {"q": "幹部"})) == []


def test_qualities_vocabulary(cast):
    quality = Quality.objects.get(code="teamwork")
    actions.update_quality(
        actor=None,
        quality=quality,
        version=quality.version,
        name=quality.name,
        name_en=quality.name_en,
        is_active=False,
    )
    client = client_for(cast.member)
    codes = [q["code"] for q in client.get(f"{EX}/qualities").json()]
    assert "teamwork" in codes and "responsibility" in codes
    active = [q["code"] for q in client.get(f"{EX}/qualities", {"active": "true"}).json()]
    assert "teamwork" not in active and "responsibility" in active


# --- Creating and editing -----------------------------------------------------


def new(cast, **extra: Any) -> dict[str, Any]:
    return {
        "owner_unit_id": cast.unit.pk,
        "kind": "person",
        "external_name": "赵晓颖",
        "field": "community",
        "level": "district",
        "summary": "社区网格员。",
        "qualities": ["responsibility", "devotion-to-people"],
        **extra,
    }


def test_create(cast):
    response = send(client_for(cast.organizer), "POST", EX, new(cast))
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["name"], body["status"], body["version"]) == ("赵晓颖", "draft", 1)
    assert body["qualities"] == ["responsibility", "devotion-to-people"]
    assert body["allowed_moves"] == ["under_review"]
    assert body["can_edit"] and body["can_delete"]
    exemplar = Exemplar.objects.get(pk=body["id"])
    assert exemplar.created_by == cast.organizer
    assert Event.objects.filter(verb="exemplar.create", target_id=exemplar.pk).exists()


def test_create_refusals(cast):
    organizer = client_for(cast.organizer)
    error(send(client_for(cast.member), "POST", EX, new(cast)), 403)
    error(send(client_for(cast.other_district), "POST", EX, new(cast)), 404)
    assert "Unknown qualities" in error(
        send(organizer, "POST", EX, new(cast, qualities=["nope"])), 400
    )
    error(send(organizer, "POST", EX, new(cast, kind="robot")), 400)
    error(send(organizer, "POST", EX, new(cast, external_name="")), 400)
    error(send(organizer, "POST", EX, new(cast, person_id=999999, external_name="")), 400)
    body = send(organizer, "POST", EX, {"kind": "person"})
    assert error(body, 422) and body.json()["errors"]
    error(organizer.post(EX, "{not json", content_type="application/json"), 400)
    assert not Exemplar.objects.exists()


def test_create_linked_to_a_person_in_scope(cast):
    person = cast.member.person
    body = send(
        client_for(cast.organizer),
        "POST",
        EX,
        new(cast, person_id=person.pk, external_name=""),
    ).json()
    assert (body["person_id"], body["name"]) == (person.pk, "王社员")


def test_patch_changes_what_is_sent_and_checks_the_version(cast):
    exemplar = make_exemplar(cast.unit, "赵晓颖", summary="旧简介。")
    client = client_for(cast.organizer)
    url = f"{EX}/{exemplar.pk}"
    body = send(client, "PATCH", url, {"version": 1, "summary": "新简介。", "level": "city"})
    assert body.status_code == 200, body.content
    body = body.json()
    assert (body["summary"], body["level"], body["field"]) == ("新简介。", "city", "governance")
    assert (body["name"], body["version"]) == ("赵晓颖", 2)
    assert "Reload" in error(send(client, "PATCH", url, {"version": 1, "summary": "x"}), 409)
    assert Exemplar.objects.get(pk=exemplar.pk).summary == "新简介。"
    body = send(client, "PATCH", url, {"version": 2, "qualities": ["pragmatism"]}).json()
    assert body["qualities"] == ["pragmatism"]
    error(send(client, "PATCH", url, {"summary": "no version"}), 422)


def test_patch_refusals(cast):
    draft = make_exemplar(cast.unit, "草稿甲")
    published = make_published(cast.unit, "发布乙")
    url = f"{EX}/{published.pk}"
    error(send(client_for(cast.member), "PATCH", f"{EX}/{draft.pk}", {"version": 1}), 404)
    # A published exemplar is changed by reviewers only.
    error(send(client_for(cast.organizer), "PATCH", url, {"version": published.version}), 403)
    response = send(
        client_for(cast.unit_admin), "PATCH", url, {"version": published.version, "summary": "改"}
    )
    assert response.status_code == 200 and response.json()["summary"] == "改"
    under_review = with_status(make_ready(cast.unit, "待审丙"), "under_review")
    error(send(client_for(cast.organizer), "PATCH", f"{EX}/{under_review.pk}", {"version": 1}), 403)


def test_delete_a_draft_only(cast):
    draft = make_exemplar(cast.unit, "草稿甲")
    published = make_published(cast.unit, "发布乙")
    client = client_for(cast.organizer)
    error(send(client_for(cast.member), "DELETE", f"{EX}/{published.pk}"), 400)
    error(send(client, "DELETE", f"{EX}/{published.pk}"), 400)
    assert send(client, "DELETE", f"{EX}/{draft.pk}").status_code == 204
    assert not Exemplar.objects.filter(pk=draft.pk).exists()


# --- Workflow -----------------------------------------------------------------


def move(user, exemplar, to: str, note: str = ""):
    return send(
        client_for(user), "POST", f"{EX}/{exemplar.pk}/transitions", {"to": to, "note": note}
    )


def test_the_workflow_through_the_api(cast):
    exemplar = make_ready(cast.unit, "赵晓颖", actor=cast.organizer)
    body = move(cast.organizer, exemplar, "under_review").json()
    assert body["status"] == "under_review" and body["allowed_moves"] == ["draft"]  # withdraw
    error(move(cast.organizer, exemplar, "published"), 403)  # organizers do not publish
    body = move(cast.verifier, exemplar, "draft", "补充事迹材料").json()
    assert (body["status"], body["review_note"]) == ("draft", "补充事迹材料")
    move(cast.organizer, exemplar, "under_review")
    body = move(cast.verifier, exemplar, "published").json()
    assert body["status"] == "published" and body["published_at"]
    error(move(cast.unit_admin, exemplar, "draft"), 400)  # no way back from published
    assert move(cast.unit_admin, exemplar, "archived").json()["status"] == "archived"
    assert move(cast.unit_admin, exemplar, "draft").json()["status"] == "draft"
    moves = Event.objects.filter(target_id=exemplar.pk, to_status__gt="").exclude(
        verb="exemplar.create"
    )
    assert [e.verb for e in moves.order_by("id")] == [
        "exemplar.submit",
        "exemplar.return",
        "exemplar.submit",
        "exemplar.publish",
        "exemplar.archive",
        "exemplar.reopen",
    ]


@pytest.mark.parametrize(
    ("status", "to"),
    [
        ("draft", "published"),
        ("draft", "archived"),
        ("draft", "draft"),
        ("under_review", "archived"),
        ("published", "under_review"),
        ("archived", "published"),
        ("draft", "nonsense"),
    ],
)
def test_illegal_moves_are_refused(cast, status, to):
    exemplar = with_status(make_ready(cast.unit), status)
    detail = error(move(cast.city_admin, exemplar, to, "理由"), 400)
    assert "cannot go from" in detail
    assert Exemplar.objects.get(pk=exemplar.pk).status == status


def test_move_refusals(cast):
    empty = make_exemplar(cast.unit, "空白")
    assert "needs" in error(move(cast.organizer, empty, "under_review"), 400)
    exemplar = make_ready(cast.unit, "赵晓颖")
    move(cast.unit_admin, exemplar, "under_review")
    assert "why" in error(move(cast.verifier, exemplar, "draft"), 400)  # a reason is needed
    error(move(cast.unit_admin, exemplar, "published"), 403)  # four eyes
    error(move(cast.member, exemplar, "published"), 404)
    error(send(client_for(cast.verifier), "POST", f"{EX}/{exemplar.pk}/transitions", {}), 422)


# --- Qualities and rights -----------------------------------------------------


def test_set_qualities(cast):
    exemplar = make_exemplar(cast.unit)
    client = client_for(cast.organizer)
    url = f"{EX}/{exemplar.pk}/qualities"
    body = send(client, "PUT", url, {"qualities": ["innovation", "teamwork"]}).json()
    assert body["qualities"] == ["innovation", "teamwork"]
    error(send(client, "PUT", url, {"qualities": ["innovation", "x"]}), 400)
    error(send(client_for(cast.verifier), "PUT", url, {"qualities": []}), 403)


def test_rights_and_who_sees_the_consent_record(cast):
    exemplar = make_ready(cast.unit)
    client = client_for(cast.organizer)
    url = f"{EX}/{exemplar.pk}/rights"
    rights: dict[str, Any] = {"public_use": False, "school_use": False, "is_public": True}
    assert "consent" in error(
        send(client, "PUT", url, {"version": exemplar.version, **rights}), 400
    )
    rights = {"public_use": True, "school_use": True, "is_public": True}
    assert "how the consent" in error(
        send(client, "PUT", url, {"version": exemplar.version, **rights}), 400
    )
    rights["consent_note"] = "本人签字同意书已存档"
    error(send(client, "PUT", url, {"version": exemplar.version + 1, **rights}), 409)
    body = send(client, "PUT", url, {"version": exemplar.version, **rights}).json()
    assert body["is_public"] and body["consent_recorded_at"]
    assert body["consent_note"] == "本人签字同意书已存档"
    with_status(exemplar, "published")
    outsider = client_for(cast.other_district).get(f"{EX}/{exemplar.pk}").json()
    assert outsider["is_public"] and outsider["consent_note"] is None
    assert outsider["review_note"] is None and outsider["allowed_moves"] == []
    assert client_for(cast.member).get(f"{EX}/{exemplar.pk}").json()["consent_note"] is None


# --- Deeds, honours, sources --------------------------------------------------


def test_deeds(cast):
    exemplar = make_exemplar(cast.unit)
    client = client_for(cast.organizer)
    story = '<p>连续奋战<script>alert(1)</script><a href="javascript:x()">看</a></p>'
    response = send(client, "POST", f"{EX}/{exemplar.pk}/deeds", {"title": "抗洪", "body": story})
    assert response.status_code == 201, response.content
    deed = response.json()
    assert deed["body"] == story
    assert "<script" not in deed["body_html"] and "javascript" not in deed["body_html"]
    assert "连续奋战" in deed["body_html"]
    listed = client.get(f"{EX}/{exemplar.pk}/deeds").json()
    assert [d["id"] for d in listed["items"]] == [deed["id"]]
    url = f"{EX}/deeds/{deed['id']}"
    assert client.get(url).json()["title"] == "抗洪"
    body = send(client, "PATCH", url, {"version": 1, "date": "2020-07-01"}).json()
    assert (body["title"], body["date"], body["version"]) == ("抗洪", "2020-07-01", 2)
    body = send(client, "PATCH", url, {"version": 2, "date": None, "title": "抗洪抢险"}).json()
    assert (body["title"], body["date"]) == ("抗洪抢险", None)
    error(send(client, "PATCH", url, {"version": 2, "title": "x"}), 409)
    error(send(client, "PATCH", url, {"version": 3, "date": "2999-01-01"}), 400)
    error(send(client, "POST", f"{EX}/{exemplar.pk}/deeds", {"body": "no title"}), 422)
    error(send(client_for(cast.verifier), "PATCH", url, {"version": 3, "title": "x"}), 403)
    assert send(client, "DELETE", url).status_code == 204
    assert not Deed.objects.filter(pk=deed["id"]).exists()
    error(client.get(url), 404)


def test_honours_and_sources(cast):
    exemplar = make_exemplar(cast.unit)
    client = client_for(cast.organizer)
    honour = {"title": "全国劳动模范", "conferred_by": "国务院", "level": "nation", "year": 2019}
    response = send(client, "POST", f"{EX}/{exemplar.pk}/honours", honour)
    assert response.status_code == 201, response.content
    honour_id = response.json()["id"]
    error(send(client, "POST", f"{EX}/{exemplar.pk}/honours", {**honour, "year": 1800}), 400)
    assert client.get(f"{EX}/{exemplar.pk}").json()["honours"][0]["title"] == "全国劳动模范"
    assert client.get(f"{EX}/{exemplar.pk}/honours").json()["count"] == 1
    assert send(client, "DELETE", f"{EX}/honours/{honour_id}").status_code == 204

    deed = actions.add_deed(actor=None, exemplar=exemplar, title="抗洪")
    source = {"title": "新华社报道", "url": "https://Example.org/a", "deed_id": deed.pk}
    response = send(client, "POST", f"{EX}/{exemplar.pk}/sources", source)
    assert response.status_code == 201, response.content
    assert response.json()["url"] == "https://example.org/a"
    bad = {"title": "x", "url": "javascript:alert(1)"}
    assert "web address" in error(send(client, "POST", f"{EX}/{exemplar.pk}/sources", bad), 400)
    other = make_exemplar(cast.unit, "别人")
    foreign = {"title": "x", "deed_id": deed.pk}
    error(send(client, "POST", f"{EX}/{other.pk}/sources", foreign), 400)
    source_id = response.json()["id"]
    assert client.get(f"{EX}/{exemplar.pk}/sources").json()["items"][0]["id"] == source_id
    error(send(client_for(cast.member), "DELETE", f"{EX}/sources/{source_id}"), 404)
    assert send(client, "DELETE", f"{EX}/sources/{source_id}").status_code == 204


# --- Photos -------------------------------------------------------------------


def upload(user, exemplar, content: bytes, name: str = "photo.png", **fields: Any):
    from django.core.files.uploadedfile import SimpleUploadedFile

    file = SimpleUploadedFile(name, content, content_type="image/png")
    return client_for(user).post(f"{EX}/{exemplar.pk}/photos", {"file": file, **fields})


def test_photo_upload_list_edit_and_delete(cast):
    exemplar = make_exemplar(cast.unit)
    deed = actions.add_deed(actor=None, exemplar=exemplar, title="抗洪")
    response = upload(cast.organizer, exemplar, png_bytes(), caption="在一线", deed_id=deed.pk)
    assert response.status_code == 201, response.content
    photo = response.json()
    assert (photo["caption"], photo["deed_id"], photo["mime_type"]) == (
        "在一线",
        deed.pk,
        "image/png",
    )
    assert (photo["width"], photo["height"]) == (64, 48)
    assert photo["url"] == f"/exemplars/photos/{photo['id']}/"
    assert photo["thumbnail_url"] == f"/exemplars/photos/{photo['id']}/thumb/"
    client = client_for(cast.organizer)
    assert client.get(f"{EX}/{exemplar.pk}/photos").json()["items"][0]["id"] == photo["id"]
    url = f"{EX}/photos/{photo['id']}"
    body = send(client, "PATCH", url, {"version": 1, "caption": "抗洪一线"}).json()
    assert (body["caption"], body["version"]) == ("抗洪一线", 2)
    error(send(client, "PATCH", url, {"version": 1, "caption": "x"}), 409)
    assert send(client, "DELETE", url).status_code == 204
    assert not Photo.objects.exists()


def test_upload_refusals(cast):
    exemplar = make_exemplar(cast.unit)
    assert "not an image" in error(upload(cast.organizer, exemplar, b"<?php echo 1; ?>"), 400)
    polyglot = png_bytes() + b"<script>alert(1)</script>"
    error(upload(cast.organizer, exemplar, polyglot), 400)
    assert "file" in error(client_for(cast.organizer).post(f"{EX}/{exemplar.pk}/photos"), 400)
    error(upload(cast.verifier, exemplar, png_bytes()), 403)
    error(upload(cast.member, exemplar, png_bytes()), 404)
    upload(cast.organizer, exemplar, png_bytes())
    assert "already" in error(upload(cast.organizer, exemplar, png_bytes()), 400)
    assert Photo.objects.count() == 1


# --- Tokens and CSRF ----------------------------------------------------------


def test_a_bearer_token_writes_without_csrf(cast):
    _token, secret = core_actions.create_api_token(actor=cast.organizer, name="脚本")
    client = Client(enforce_csrf_checks=True, headers={"Authorization": f"Bearer {secret}"})
    response = send(client, "POST", EX, new(cast))
    assert response.status_code == 201, response.content
    exemplar_id = response.json()["id"]
    deed = send(client, "POST", f"{EX}/{exemplar_id}/deeds", {"title": "抗洪"})
    assert deed.status_code == 201
    moved = send(client, "POST", f"{EX}/{exemplar_id}/transitions", {"to": "under_review"})
    assert moved.status_code == 200 and moved.json()["status"] == "under_review"


def test_a_session_write_needs_the_csrf_token(cast):
    response = send(client_for(cast.organizer, csrf=True), "POST", EX, new(cast))
    assert response.status_code == 403
    assert not Exemplar.objects.exists()
