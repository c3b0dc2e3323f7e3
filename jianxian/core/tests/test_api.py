"""The HTTP API at /api/v1/: auth, visibility, pagination, JSON errors."""

import json

import pytest
from django.test import Client

from jianxian.core import actions
from jianxian.core.models import ApiToken, Unit, UnitKind
from jianxian.core.tests.factories import (
    city_admin,
    district_admin,
    make_person,
    make_staff,
    make_tree,
    make_unit,
    make_user,
)

pytestmark = pytest.mark.django_db

API = "/api/v1"


def logged_in(user, *, csrf: bool = False) -> Client:
    client = Client(enforce_csrf_checks=csrf)
    client.force_login(user)
    return client


def bearer(secret: str, *, csrf: bool = True) -> Client:
    """A non-browser client: no cookies, CSRF enforced as in production."""
    return Client(enforce_csrf_checks=csrf, headers={"Authorization": f"Bearer {secret}"})


def patch_json(client: Client, url: str, data, **extra):
    body = data if isinstance(data, str) else json.dumps(data)
    return client.patch(url, body, content_type="application/json", **extra)


def assert_json_error(response, status: int) -> dict:
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert isinstance(body["detail"], str) and body["detail"]
    return body


# --- Authentication -----------------------------------------------------------


@pytest.mark.parametrize("path", ["/me", "/units", "/people", "/tokens", "/notifications"])
def test_anonymous_gets_401_json(path):
    assert_json_error(Client().get(API + path), 401)


def test_anonymous_unsafe_request_gets_401_not_a_csrf_failure():
    client = Client(enforce_csrf_checks=True)
    response = client.post(f"{API}/tokens", {"name": "x"}, content_type="application/json")
    assert_json_error(response, 401)


def test_session_auth():
    tree = make_tree()
    user = make_staff("王小明", tree.community, username="wxm")
    body = logged_in(user).get(f"{API}/me").json()
    assert body["username"] == "wxm"
    assert body["person"]["name"] == "王小明"
    assert body["is_city_admin"] is False


def test_token_auth_works_until_revoked():
    user = make_user("scripter")
    token, secret = actions.create_api_token(actor=user, name="脚本")
    client = bearer(secret)
    response = client.get(f"{API}/me")
    assert response.status_code == 200
    assert response.json()["username"] == "scripter"
    assert ApiToken.objects.get(pk=token.pk).last_used_at is not None

    actions.revoke_api_token(actor=user, token=token)
    assert_json_error(client.get(f"{API}/me"), 401)


@pytest.mark.parametrize(
    "header", ["Bearer jx_not-a-real-token", "Bearer ", "Bearer " + "x" * 500, "Basic abc"]
)
def test_bad_tokens_get_401(header):
    make_user("someone")
    client = Client(headers={"Authorization": header})
    assert_json_error(client.get(f"{API}/me"), 401)


def test_inactive_users_token_stops_working():
    user = make_user("leaver")
    _token, secret = actions.create_api_token(actor=user, name="脚本")
    user.is_active = False
    user.save()
    assert_json_error(bearer(secret).get(f"{API}/me"), 401)


def test_token_auth_can_write_without_csrf():
    tree = make_tree()
    admin = district_admin(tree)
    _token, secret = actions.create_api_token(actor=admin, name="脚本")
    response = patch_json(
        bearer(secret),
        f"{API}/units/{tree.school.pk}",
        {"version": 1, "name": "新校名", "kind": "school"},
    )
    assert response.status_code == 200, response.content
    assert response.json()["name"] == "新校名"


def test_session_auth_needs_csrf_for_unsafe_methods():
    user = make_user("browser")
    client = logged_in(user, csrf=True)
    assert client.get(f"{API}/tokens").status_code == 200  # safe methods need no token
    response = client.post(f"{API}/tokens", {"name": "无令牌"}, content_type="application/json")
    assert_json_error(response, 403)
    assert not ApiToken.objects.exists()

    client.get("/")  # any page sets the CSRF cookie
    csrf = client.cookies["csrftoken"].value
    response = client.post(
        f"{API}/tokens",
        {"name": "有令牌"},
        content_type="application/json",
        headers={"X-CSRFToken": csrf},
    )
    assert response.status_code == 201, response.content
    assert ApiToken.objects.get().name == "有令牌"


# --- Units --------------------------------------------------------------------


def test_units_list_is_filtered_by_visibility():
    tree = make_tree()
    body = logged_in(district_admin(tree)).get(f"{API}/units").json()
    assert body["count"] == 4
    assert body["items"][0]["name"] == "东城区"  # ordered by path: the top first
    assert {u["name"] for u in body["items"]} == {"东城区", "幸福社区", "网格一组", "东城实验小学"}
    assert logged_in(city_admin(tree)).get(f"{API}/units").json()["count"] == 8


def test_units_list_filters_and_paginates():
    tree = make_tree()
    for n in range(55):
        make_unit(f"第{n}组", UnitKind.TEAM, tree.team)
    client = logged_in(district_admin(tree))
    first = client.get(f"{API}/units").json()
    assert first["count"] == 59 and len(first["items"]) == 50
    second = client.get(f"{API}/units", {"page": 2}).json()
    assert len(second["items"]) == 9
    assert not {u["id"] for u in first["items"]} & {u["id"] for u in second["items"]}
    children = client.get(f"{API}/units", {"parent": tree.district_a.pk}).json()
    assert {u["name"] for u in children["items"]} == {"幸福社区", "东城实验小学"}
    schools = client.get(f"{API}/units", {"kind": "school"}).json()
    assert [u["name"] for u in schools["items"]] == ["东城实验小学"]


def test_unit_detail_and_404_outside_scope():
    tree = make_tree()
    client = logged_in(district_admin(tree))
    body = client.get(f"{API}/units/{tree.school.pk}").json()
    assert body == {
        "id": tree.school.pk,
        "name": "东城实验小学",
        "kind": "school",
        "parent_id": tree.district_a.pk,
        "path": tree.school.path,
        "depth": 2,
        "code": None,
        "version": 1,
    }
    assert_json_error(client.get(f"{API}/units/{tree.village.pk}"), 404)
    assert_json_error(client.get(f"{API}/units/987654"), 404)
    assert_json_error(
        patch_json(
            client, f"{API}/units/{tree.village.pk}", {"version": 1, "name": "x", "kind": "village"}
        ),
        404,
    )


def test_patch_unit():
    tree = make_tree()
    client = logged_in(district_admin(tree))
    url = f"{API}/units/{tree.school.pk}"
    response = patch_json(
        client, url, {"version": 1, "name": "曾家小学", "kind": "school", "code": "S-1"}
    )
    assert response.status_code == 200, response.content
    assert response.json()["version"] == 2
    assert Unit.objects.get(pk=tree.school.pk).name_pinyin == "zeng jia xiao xue"


def test_stale_patch_is_409_and_writes_nothing():
    tree = make_tree()
    client = logged_in(district_admin(tree))
    url = f"{API}/units/{tree.school.pk}"
    assert (
        patch_json(client, url, {"version": 1, "name": "第一次", "kind": "school"}).status_code
        == 200
    )
    body = assert_json_error(
        patch_json(client, url, {"version": 1, "name": "第二次", "kind": "school"}), 409
    )
    assert "changed by someone else" in body["detail"] or body["detail"]
    assert Unit.objects.get(pk=tree.school.pk).name == "第一次"


@pytest.mark.parametrize(
    "body",
    [
        {"name": "缺版本", "kind": "school"},
        {"version": "one", "name": "x", "kind": "school"},
        {"version": 1, "name": "x" * 101, "kind": "school"},
        {"version": 1, "kind": "school"},
        "[]",
        "null",
    ],
)
def test_bad_body_is_422(body):
    tree = make_tree()
    client = logged_in(district_admin(tree))
    response = patch_json(client, f"{API}/units/{tree.school.pk}", body)
    assert_json_error(response, 422)
    assert Unit.objects.get(pk=tree.school.pk).version == 1


def test_malformed_json_is_a_json_400():
    tree = make_tree()
    client = logged_in(district_admin(tree))
    assert_json_error(patch_json(client, f"{API}/units/{tree.school.pk}", '{"version": 1,'), 400)
    assert Unit.objects.get(pk=tree.school.pk).version == 1


def test_invalid_values_are_a_clear_400():
    tree = make_tree()
    client = logged_in(district_admin(tree))
    body = assert_json_error(
        patch_json(
            client, f"{API}/units/{tree.school.pk}", {"version": 1, "name": "x", "kind": "planet"}
        ),
        400,
    )
    assert "planet" in body["detail"]
    assert_json_error(
        patch_json(
            client, f"{API}/units/{tree.school.pk}", {"version": 1, "name": "  ", "kind": "school"}
        ),
        400,
    )


def test_patch_without_permission_is_403():
    tree = make_tree()
    member = make_staff("王小明", tree.community)
    response = patch_json(
        logged_in(member),
        f"{API}/units/{tree.community.pk}",
        {"version": 1, "name": "x", "kind": "community"},
    )
    assert_json_error(response, 403)
    assert Unit.objects.get(pk=tree.community.pk).name == "幸福社区"


# --- People -------------------------------------------------------------------


def test_people_list_is_filtered_and_searchable():
    tree = make_tree()
    make_person("李正峰", tree.team)
    make_person("李正华", tree.village)
    make_person("张丽华", tree.school)
    client = logged_in(district_admin(tree))
    body = client.get(f"{API}/people").json()
    assert [p["name"] for p in body["items"]] == ["李正峰", "张丽华"]  # by pinyin
    assert body["count"] == 2
    assert [p["name"] for p in client.get(f"{API}/people", {"q": "lzf"}).json()["items"]] == [
        "李正峰"
    ]
    assert [p["name"] for p in client.get(f"{API}/people", {"q": "張麗華"}).json()["items"]] == [
        "张丽华"
    ]
    assert client.get(f"{API}/people", {"q": "李正华"}).json()["count"] == 0


def test_people_pagination():
    tree = make_tree()
    for n in range(53):
        make_person(f"张{n}", tree.team)
    client = logged_in(district_admin(tree))
    first = client.get(f"{API}/people").json()
    assert (first["count"], len(first["items"])) == (53, 50)
    assert len(client.get(f"{API}/people", {"page": 2}).json()["items"]) == 3


def test_unit_people():
    tree = make_tree()
    make_person("王五", tree.community, post="主任")
    make_person("赵六", tree.team)
    client = logged_in(district_admin(tree))
    own = client.get(f"{API}/units/{tree.community.pk}/people").json()
    assert [p["name"] for p in own["items"]] == ["王五"]
    everyone = client.get(f"{API}/units/{tree.community.pk}/people", {"subtree": True}).json()
    assert [p["name"] for p in everyone["items"]] == ["王五", "赵六"]
    assert_json_error(client.get(f"{API}/units/{tree.village.pk}/people"), 404)


def test_person_detail_shows_only_visible_posts():
    tree = make_tree()
    person = make_person("李正峰", tree.team, post="组长")
    actions.assign_post(actor=None, person=person, unit=tree.village, post="驻村")
    outsider = make_person("王五", tree.village)
    client = logged_in(district_admin(tree))
    body = client.get(f"{API}/people/{person.pk}").json()
    assert body["name_initials"] == "lzf"
    assert [(p["unit_name"], p["post"]) for p in body["posts"]] == [("网格一组", "组长")]
    assert_json_error(client.get(f"{API}/people/{outsider.pk}"), 404)


# --- Account: tokens and notifications ---------------------------------------


def test_tokens_endpoints():
    user = make_user("owner")
    client = logged_in(user)
    created = client.post(f"{API}/tokens", {"name": "报表脚本"}, content_type="application/json")
    assert created.status_code == 201
    secret = created.json()["secret"]
    token_id = created.json()["id"]
    listed = client.get(f"{API}/tokens").json()
    assert [t["name"] for t in listed] == ["报表脚本"]
    assert "secret" not in listed[0]
    assert bearer(secret).get(f"{API}/me").status_code == 200

    revoked = client.delete(f"{API}/tokens/{token_id}")
    assert revoked.status_code == 200 and revoked.json()["revoked_at"]
    assert_json_error(client.delete(f"{API}/tokens/{token_id}"), 400)
    assert_json_error(logged_in(make_user("other")).delete(f"{API}/tokens/{token_id}"), 404)
    assert_json_error(
        client.post(f"{API}/tokens", {"name": ""}, content_type="application/json"), 422
    )


def test_notifications_endpoints():
    reader = make_user("reader")
    other = make_user("other")
    notification = actions.notify(recipient=reader, title="请参加学习")
    client = logged_in(reader)
    body = client.get(f"{API}/notifications", {"unread": True}).json()
    assert [n["title"] for n in body["items"]] == ["请参加学习"]
    assert_json_error(logged_in(other).post(f"{API}/notifications/{notification.pk}/read"), 404)
    read = client.post(f"{API}/notifications/{notification.pk}/read")
    assert read.status_code == 200 and read.json()["read_at"]
    assert client.get(f"{API}/notifications", {"unread": True}).json()["count"] == 0


# --- Documentation --------------------------------------------------------------


def test_openapi_document_and_docs_page():
    schema = Client().get(f"{API}/openapi.json")
    assert schema.status_code == 200
    paths = schema.json()["paths"]
    for path in ["/api/v1/units", "/api/v1/units/{unit_id}", "/api/v1/people", "/api/v1/tokens"]:
        assert path in paths
    docs = Client().get(f"{API}/docs")
    assert docs.status_code == 200
    assert b"openapi.json" in docs.content
