"""Pages: home, the organization browser, people, unit edit, tokens, notifications."""

import re

import pytest
from django.conf import settings
from django.test import Client
from django.utils.translation import gettext

from jianxian.core import actions
from jianxian.core.models import ApiToken, Notification, Unit, UnitKind
from jianxian.core.tests.factories import (
    city_admin,
    district_admin,
    make_person,
    make_staff,
    make_tree,
    make_unit,
    make_user,
)
from jianxian.core.text import pinyin_key

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}


def client_for(user, language: str | None = None, **headers: str) -> Client:
    client = Client(headers=headers or None)
    client.force_login(user)
    if language:
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return client


def text(response) -> str:
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def names_on_page(response) -> list[str]:
    return [p.name for p in response.context["page"].object_list]


# --- Home ---------------------------------------------------------------------


def test_home_shows_my_units_roles_and_pending_work():
    tree = make_tree()
    user = make_staff("王小明", tree.community, post="网格员")
    actions.grant_role(actor=None, user=user, role="organizer", unit=tree.school)
    actions.notify(recipient=user, title="请参加周五的学习会")
    page = text(client_for(user).get("/"))
    assert "幸福社区" in page and "网格员" in page
    assert 'data-testid="my-roles"' in page and "东城实验小学" in page
    assert "请参加周五的学习会" in page


def test_home_for_a_user_with_nothing():
    page = text(client_for(make_user("newcomer")).get("/"))
    assert gettext("You hold no post in any unit.") in page
    assert 'data-testid="my-roles"' not in page


# --- Unit tree ------------------------------------------------------------------


def test_unit_tree_starts_at_the_users_scope():
    tree = make_tree()
    city_page = text(client_for(city_admin(tree)).get("/org/"))
    assert "青州市" in city_page and "东城区" in city_page  # a single root opens at once
    district_page = text(client_for(district_admin(tree)).get("/org/"))
    assert "东城区" in district_page
    assert "青州市" not in district_page and "西城区" not in district_page


def test_unit_tree_for_a_user_without_units():
    page = text(client_for(make_user("newcomer")).get("/org/"))
    assert gettext("You are not attached to any unit yet.") in page


def test_unit_children_is_an_htmx_fragment():
    tree = make_tree()
    client = client_for(district_admin(tree), **HTMX)
    response = client.get(f"/org/units/{tree.district_a.pk}/children/")
    fragment = text(response)
    assert "<html" not in fragment and "<body" not in fragment
    assert fragment.lstrip().startswith("<ul>")
    assert "幸福社区" in fragment and "东城实验小学" in fragment
    assert "网格一组" not in fragment  # grandchildren load on their own click
    assert f"/org/units/{tree.community.pk}/children/" in fragment  # it has children
    assert f"/org/units/{tree.school.pk}/children/" not in fragment  # a leaf
    assert client.get(f"/org/units/{tree.district_b.pk}/children/").status_code == 404


# --- Unit detail ------------------------------------------------------------------


NAMES = ["张三", "曾国藩", "安然", "欧阳修", "李正峰", "单雄信", "白居易", "赵云", "孙权"]


def test_unit_people_sorted_by_pinyin_and_paginated():
    tree = make_tree()
    for n in range(3):
        for name in NAMES:
            make_person(f"{name}{'一二三'[n]}", tree.community)
    client = client_for(district_admin(tree))
    url = f"/org/units/{tree.community.pk}/"
    first = client.get(url)
    assert first.context["page"].paginator.count == 27
    assert len(names_on_page(first)) == settings.PAGE_SIZE
    second = client.get(url, {"page": 2})
    everyone = names_on_page(first) + names_on_page(second)
    assert everyone == sorted(everyone, key=lambda n: (pinyin_key(n), n))
    assert everyone[0].startswith("安然") and everyone[-1].startswith("赵云")
    assert everyone.index("曾国藩一") > everyone.index("单雄信一")  # 曾 is zeng, not ceng
    page = text(first)
    assert page.index("安然") < page.index("李正峰") < page.index("欧阳修")
    assert 'data-testid="next-page"' in page


def test_unit_detail_search_and_subtree():
    tree = make_tree()
    make_person("李正峰", tree.community, post="主任")
    make_person("李四", tree.community)
    make_person("赵六", tree.team)
    client = client_for(district_admin(tree))
    url = f"/org/units/{tree.community.pk}/"
    assert names_on_page(client.get(url)) == ["李四", "李正峰"]
    assert names_on_page(client.get(url, {"q": "lzf"})) == ["李正峰"]
    assert names_on_page(client.get(url, {"all": "1"})) == ["李四", "李正峰", "赵六"]
    assert names_on_page(client.get(url, {"q": "zl", "all": "1"})) == ["赵六"]
    assert gettext("No one matches.") in text(client.get(url, {"q": "nobody"}))


def test_unit_detail_people_partial_for_htmx():
    tree = make_tree()
    make_person("李正峰", tree.community)
    client = client_for(district_admin(tree), **HTMX, **{"HX-Target": "people"})
    fragment = text(client.get(f"/org/units/{tree.community.pk}/", {"q": "lzf"}))
    assert "<html" not in fragment
    assert fragment.lstrip().startswith('<div id="people">')
    assert "李正峰" in fragment


def test_unit_detail_outside_scope_is_404():
    tree = make_tree()
    client = client_for(district_admin(tree))
    assert client.get(f"/org/units/{tree.village.pk}/").status_code == 404
    assert client.get("/org/units/999999/").status_code == 404


def test_unit_detail_shows_edit_only_to_managers():
    tree = make_tree()
    edit_url = f"/org/units/{tree.community.pk}/edit/"
    assert edit_url in text(
        client_for(district_admin(tree)).get(f"/org/units/{tree.community.pk}/")
    )
    member = make_staff("王小明", tree.community)
    assert edit_url not in text(client_for(member).get(f"/org/units/{tree.community.pk}/"))


# --- Unit edit --------------------------------------------------------------------


def test_unit_edit_by_unit_admin():
    tree = make_tree()
    client = client_for(district_admin(tree))
    url = f"/org/units/{tree.school.pk}/edit/"
    assert 'name="version"' in text(client.get(url))
    response = client.post(url, {"name": "曾家小学", "kind": "school", "code": "", "version": 1})
    assert response.status_code == 302
    assert response["Location"] == f"/org/units/{tree.school.pk}/"
    unit = Unit.objects.get(pk=tree.school.pk)
    assert (unit.name, unit.version) == ("曾家小学", 2)


def test_unit_edit_with_stale_version_shows_the_message_and_keeps_the_other_edit():
    tree = make_tree()
    admin = district_admin(tree)
    url = f"/org/units/{tree.school.pk}/edit/"
    client = client_for(admin)
    assert client.post(url, {"name": "先到", "kind": "school", "version": 1}).status_code == 302
    response = client.post(url, {"name": "后到", "kind": "school", "version": 1})
    page = text(response)
    message = gettext("This unit was changed by someone else. Reload it and apply your edit again.")
    assert message in page
    assert Unit.objects.get(pk=tree.school.pk).name == "先到"


def test_unit_edit_bad_input_and_refusals():
    tree = make_tree()
    client = client_for(district_admin(tree))
    url = f"/org/units/{tree.school.pk}/edit/"
    response = client.post(url, {"name": "", "kind": "planet", "version": 1})
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"name", "kind"}
    assert client.post(url, {"name": "x", "kind": "school"}).status_code == 200  # no version
    assert Unit.objects.get(pk=tree.school.pk).version == 1
    assert client.get(f"/org/units/{tree.village.pk}/edit/").status_code == 404
    member = make_staff("王小明", tree.school)
    assert client_for(member).get(url).status_code == 403
    assert (
        client_for(member).post(url, {"name": "x", "kind": "school", "version": 1}).status_code
        == 403
    )
    assert Unit.objects.get(pk=tree.school.pk).name == "东城实验小学"


# --- People -----------------------------------------------------------------------


def test_people_search_page():
    tree = make_tree()
    make_person("李正峰", tree.community, post="主任")
    make_person("张丽华", tree.school)
    make_person("李正华", tree.village)  # outside the district
    client = client_for(district_admin(tree))
    hint = gettext("Type a name in Chinese (either script), its pinyin, or its initials.")
    assert hint in text(client.get("/org/people/"))
    for query in ["lzf", "lizheng", "李正", "李正峰"]:
        assert names_on_page(client.get("/org/people/", {"q": query})) == ["李正峰"]
    assert names_on_page(client.get("/org/people/", {"q": "張麗華"})) == ["张丽华"]
    page = text(client.get("/org/people/", {"q": "lzf"}))
    assert "主任" in page and "幸福社区" in page
    assert names_on_page(client.get("/org/people/", {"q": "x" * 60})) == []  # too long: an error


def test_people_search_htmx_returns_the_results_only():
    tree = make_tree()
    make_person("李正峰", tree.community)
    client = client_for(district_admin(tree), **HTMX)
    fragment = text(client.get("/org/people/", {"q": "lzf"}))
    assert "<html" not in fragment
    assert fragment.lstrip().startswith('<div id="results">')
    assert "李正峰" in fragment


def test_person_page():
    tree = make_tree()
    person = make_person("李正峰", tree.community, post="主任", categories=["cadre"])
    outsider = make_person("李正华", tree.village)
    admin = district_admin(tree)
    page = text(client_for(admin).get(f"/org/people/{person.pk}/"))
    assert "李正峰" in page and "li zheng feng" in page and "主任" in page
    assert "人员登记" in page  # managers see the history, in words
    member = make_staff("王小明", tree.community)
    member_page = text(client_for(member).get(f"/org/people/{person.pk}/"))
    assert "李正峰" in member_page and "人员登记" not in member_page
    assert client_for(admin).get(f"/org/people/{outsider.pk}/").status_code == 404


def test_a_person_sees_their_own_page():
    tree = make_tree()
    user = make_staff("王小明", tree.village)
    own = user.person
    assert "王小明" in text(client_for(user).get(f"/org/people/{own.pk}/"))


# --- Tokens -----------------------------------------------------------------------


def test_tokens_page_create_and_revoke():
    user = make_user("owner")
    client = client_for(user)
    assert gettext("You have no tokens.") in text(client.get("/account/tokens/"))
    page = text(client.post("/account/tokens/", {"name": "报表脚本"}))
    match = re.search(r'data-testid="token-secret">([^<]+)<', page)
    assert match, "the new token is shown"
    secret = match.group(1)
    token = ApiToken.objects.get(user=user)
    assert token.key_hash == ApiToken.hash_key(secret)
    assert secret not in text(client.get("/account/tokens/"))  # shown once only

    assert client.get(f"/account/tokens/{token.pk}/revoke/").status_code == 405
    response = client.post(f"/account/tokens/{token.pk}/revoke/", follow=True)
    assert gettext("Token revoked.") in text(response)
    assert ApiToken.objects.get(pk=token.pk).revoked_at is not None
    again = client.post(f"/account/tokens/{token.pk}/revoke/", follow=True)
    assert gettext("This token has already been revoked.") in text(again)
    other = client_for(make_user("other"))
    assert other.post(f"/account/tokens/{token.pk}/revoke/").status_code == 404


def test_tokens_page_rejects_an_empty_name():
    user = make_user("owner")
    response = client_for(user).post("/account/tokens/", {"name": ""})
    assert response.status_code == 200
    assert response.context["form"].errors["name"]
    assert not ApiToken.objects.exists()


# --- Notifications ----------------------------------------------------------------


def test_notifications_list_and_read():
    reader = make_user("reader")
    linked = actions.notify(recipient=reader, title="去看看", url="/org/")
    plain = actions.notify(recipient=reader, title="纯消息")
    outside = actions.notify(recipient=reader, title="外链", url="https://evil.example/")
    client = client_for(reader)
    page = text(client.get("/notifications/"))
    assert "去看看" in page and "纯消息" in page
    assert 'data-testid="unread-count">3<' in page

    assert client.get(f"/notifications/{linked.pk}/read/").status_code == 405
    response = client.post(f"/notifications/{linked.pk}/read/")
    assert response["Location"] == "/org/"
    response = client.post(f"/notifications/{plain.pk}/read/")
    assert response["Location"] == "/notifications/"
    response = client.post(f"/notifications/{outside.pk}/read/")
    assert response["Location"] == "/notifications/"  # never an open redirect
    assert Notification.objects.filter(read_at__isnull=True).count() == 0


def test_notifications_belong_to_their_recipient():
    reader = make_user("reader")
    other = make_user("other")
    notification = actions.notify(recipient=reader, title="私信")
    actions.notify(recipient=other, title="别人的")
    other_client = client_for(other)
    assert "私信" not in text(other_client.get("/notifications/"))
    assert other_client.post(f"/notifications/{notification.pk}/read/").status_code == 404
    assert Notification.objects.get(pk=notification.pk).read_at is None
    other_client.post("/notifications/read-all/")
    assert Notification.objects.get(pk=notification.pk).read_at is None
    assert Notification.objects.get(recipient=other).read_at is not None


# --- The reader's script ------------------------------------------------------------


def test_content_is_shown_in_the_readers_script():
    tree = make_tree()
    unit = make_unit("党政机关干部处", UnitKind.BUREAU, tree.city)
    make_person("张丽华", unit, post="干部")
    admin = city_admin(tree)
    url = f"/org/units/{unit.pk}/"

    traditional = text(client_for(admin, "zh-hant").get(url))
    assert "黨政機關幹部處" in traditional
    assert "乾部" not in traditional and "党政机关干部处" not in traditional
    assert "張麗華" in traditional

    simplified = text(client_for(admin, "zh-hans").get(url))
    assert "党政机关干部处" in simplified and "黨政機關" not in simplified

    english = text(client_for(admin, "en").get(url))
    assert "党政机关干部处" in english


def test_traditional_content_is_simplified_for_simplified_readers():
    tree = make_tree()
    unit = make_unit("黨政機關幹部處", UnitKind.BUREAU, tree.city)
    admin = city_admin(tree)
    page = text(client_for(admin, "zh-hans").get(f"/org/units/{unit.pk}/"))
    assert "党政机关干部处" in page
    english = text(client_for(admin, "en").get(f"/org/units/{unit.pk}/"))
    assert "黨政機關幹部處" in english


def test_city_search_asks_for_two_pinyin_letters():
    from jianxian.core.forms import PersonSearchForm, UnitPeopleSearchForm

    assert not PersonSearchForm({"q": "l"}).is_valid()
    assert PersonSearchForm({"q": "li"}).is_valid()
    assert PersonSearchForm({"q": "李"}).is_valid()
    assert UnitPeopleSearchForm({"q": "l"}).is_valid()
