"""The Qingzhou demo: what it loads, that loading again changes nothing, the logins and
their scopes, and that its text is clean Simplified Chinese."""

from __future__ import annotations

import io
import sys
from collections import Counter
from collections.abc import Iterator

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.db import transaction
from django.db.models import Count, Q
from django.test import Client, override_settings

import jianxian
from jianxian.core import demo, permissions
from jianxian.core.demo.logins import NOTIFICATIONS
from jianxian.core.demo.people import LOGIN_PEOPLE, STAFFING, roster
from jianxian.core.demo.units import UNITS
from jianxian.core.models import (
    Event,
    Membership,
    Notification,
    Person,
    PersonCategory,
    Role,
    RoleGrant,
    Unit,
    UnitKind,
)
from jianxian.core.text import pinyin_key, to_simplified, to_traditional

User = get_user_model()


@pytest.fixture(scope="module")
def loaded(django_db_setup, django_db_blocker, tmp_path_factory) -> Iterator[demo.DemoContext]:
    """The demo, loaded once per module inside a transaction that is rolled back at the
    end; each test runs in a savepoint within it (pytest-django's ``db``). Files the
    apps' demos store (exemplar photos) go to a temporary media root."""
    media = override_settings(MEDIA_ROOT=tmp_path_factory.mktemp("demo-media"))
    with django_db_blocker.unblock(), media, transaction.atomic():
        ctx = demo.load()
        yield ctx
        transaction.set_rollback(True)


@pytest.fixture
def dm(loaded, db) -> demo.DemoContext:
    return loaded


def unit(code: str) -> Unit:
    return Unit.objects.get(code=code)


def login(username: str):
    return User.objects.get(username=username)  # fresh object: no cached scopes


def table() -> dict[str, int]:
    models = (Unit, Person, Membership, RoleGrant, Notification, Event, User)
    return {model.__name__: model.objects.count() for model in models}


# --- The data itself (no database) ---------------------------------------------


def test_roster_is_stable_unique_and_about_300():
    people = roster()
    assert 280 <= len(people) <= 330
    assert people == roster.__wrapped__()  # same seed, same people
    assert len({p.staff_no for p in people}) == len(people)
    assert len({p.name for p in people}) == len(people)
    codes = {spec.code for spec in UNITS}
    assert all(p.unit in codes for p in people)
    assert all(code in codes for p in people for code, _post in p.extra_posts)
    assert set(STAFFING) <= codes
    assert all(set(p.categories) <= set(PersonCategory.values) for p in people)
    assert all(p.gender in {"m", "f"} and p.post for p in people)
    surnames = Counter(p.name[:2] if p.name.startswith("欧阳") else p.name[0] for p in people)
    for surname in ("曾", "单", "解", "区", "欧阳"):
        assert surnames[surname] >= 1, surname
    assert surnames["王"] + surnames["李"] > 20  # common surnames dominate


def test_unit_tree_is_well_formed():
    codes = [spec.code for spec in UNITS]
    assert len(set(codes)) == len(codes)
    seen: set[str] = set()
    for spec in UNITS:
        assert spec.parent is None or spec.parent in seen, spec.code  # parents first
        assert spec.kind in UnitKind.values
        seen.add(spec.code)
    assert [s.code for s in UNITS if s.parent is None] == ["QZ"]
    kinds = {s.kind for s in UNITS}
    assert kinds == set(UnitKind.values)


def demo_texts() -> list[str]:
    texts = [s.name for s in UNITS]
    texts += [p.name for p in roster()] + [p.post for p in roster()]
    texts += [post for p in roster() for _code, post in p.extra_posts]
    texts += [n.title for n in NOTIFICATIONS] + [n.body for n in NOTIFICATIONS]
    texts += [login.role_zh for login in demo.DEMO_LOGINS]
    return texts


def test_demo_text_is_clean_simplified_chinese():
    for text in demo_texts():
        assert to_simplified(text) == text, text
        # and converts to Traditional and back without loss
        assert to_simplified(to_traditional(text)) == text, text
    joined = "".join(demo_texts())
    for over_converted in ("乾部", "層麵", "層", "麵", "乾"):
        assert over_converted not in joined


# --- Loading -------------------------------------------------------------------


def test_load_builds_the_city(dm):
    assert Unit.objects.count() == len(UNITS)
    assert Person.objects.count() == len(roster())
    assert dm.created["units"] == len(UNITS) and dm.created["people"] == len(roster())
    assert Event.objects.filter(verb="unit.create").count() == len(UNITS)
    assert Event.objects.filter(verb="person.create").count() == len(roster())

    city = unit("QZ")
    assert city.name == "清州市" and city.kind == UnitKind.CITY and city.parent is None
    districts = Unit.objects.filter(kind=UnitKind.DISTRICT)
    assert set(districts.values_list("name", flat=True)) == {"东城区", "西湖区", "北山区", "临江县"}
    approval = unit("QZ-APPROVAL")
    assert approval.name == "清州市行政审批局" and approval.is_within(city)
    offices = set(approval.children.values_list("name", flat=True))
    assert "综合窗口科" in offices and len(offices) == 3
    assert unit("QZ-STEEL").kind == UnitKind.ENTERPRISE
    assert unit("QZ-STEEL-STUDIO").parent == unit("QZ-STEEL")
    assert unit("QZ-HOSP").kind == UnitKind.HOSPITAL
    assert unit("QZ-DC-CUILIU").kind == UnitKind.COMMUNITY
    assert unit("QZ-DC-CUILIU").parent == unit("QZ-DC")
    assert Unit.objects.filter(kind=UnitKind.VILLAGE).count() >= 3
    # Every unit has people in it, except the city and the districts themselves
    # (their people work in the organs under them).
    staffed = Count("memberships", filter=Q(memberships__end_date__isnull=True))
    empty = Unit.objects.annotate(n=staffed).filter(n=0).values_list("code", flat=True)
    assert set(empty) == {"QZ", "QZ-DC", "QZ-XH", "QZ-BS", "QZ-LJ"}
    # Every person holds exactly one primary current post.
    primary = Membership.objects.current().filter(is_primary=True)
    assert primary.count() == Person.objects.count()


@pytest.mark.parametrize(
    ("key", "name", "unit_code", "post"),
    [
        ("party_secretary", "李正峰", "QZ-CPC", "市委书记"),
        ("journalist", "赵晓颖", "QZ-DAILY-DC", "记者"),
        ("discipline_cadre", "蒋立诚", "QZ-DISC-SUP1", "主任"),
        ("entrepreneur", "周卫东", "QZ-STEEL", "党委书记、董事长"),
        ("community_worker", "陈秀兰", "QZ-DC-HEPINGLI", "网格员"),
        ("community_secretary", "孙慧敏", "QZ-DC-CUILIU", "社区党委书记、居委会主任"),
        ("approval_director", "曾志远", "QZ-APPROVAL", "党组书记、局长"),
        ("model_worker", "杨国强", "QZ-STEEL-STUDIO", "工作室领衔人、高级技师"),
    ],
)
def test_named_figures_hold_their_posts(dm, key, name, unit_code, post):
    person = dm.figure(key)
    assert person.name == name
    assert Person.objects.filter(name=name).count() == 1
    current = person.memberships.current().filter(is_primary=True).get()
    assert (current.unit.code, current.post) == (unit_code, post)
    assert PersonCategory.PARTY_MEMBER in person.categories


def test_journalist_also_leads_the_media_volunteers(dm):
    reporter = dm.figure("journalist")
    posts = set(reporter.memberships.current().values_list("unit__name", "post"))
    assert ("媒体人公益行志愿服务队", "队长") in posts
    assert unit("QZ-DAILY-DC").name == "东城记者站"


def test_names_read_by_the_surname_table(dm):
    expected = {
        "曾志远": "zeng zhi yuan",
        "单立新": "shan li xin",
        "解文涛": "xie wen tao",
        "区嘉欣": "ou jia xin",
        "欧阳明轩": "ou yang ming xuan",
    }
    for name, key in expected.items():
        assert Person.objects.get(name=name).name_pinyin == key == pinyin_key(name)
    assert list(Person.objects.search("lzf").values_list("name", flat=True)) == ["李正峰"]


def test_second_load_changes_nothing(dm):
    before = table()
    out = io.StringIO()
    ctx = demo.load(stdout=out)
    assert table() == before
    assert not ctx.created_anything
    assert ctx.total["people"] == len(roster()) and ctx.total["units"] == len(UNITS)
    assert f"people {len(roster())} (0 new)" in out.getvalue()


def test_load_completes_what_is_missing(dm):
    Notification.objects.filter(title=NOTIFICATIONS[0].title).delete()
    before = table()
    ctx = demo.load()
    after = table()
    assert after["Notification"] == before["Notification"] + 1
    assert {k: v for k, v in after.items() if k != "Notification"} == {
        k: v for k, v in before.items() if k != "Notification"
    }
    assert ctx.created == Counter({"notifications": 1})


def test_load_demo_command_reports_and_is_idempotent(dm):
    before = table()
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    assert table() == before
    text = out.getvalue()
    assert f"people {len(roster())} (0 new)" in text
    assert "nothing changed" in text


# --- Logins and their scopes ---------------------------------------------------


def test_every_login_has_a_person_with_a_post(dm):
    verified: dict[str, bool] = {}
    for username, spec in LOGIN_PEOPLE.items():
        user = login(username)
        assert user.email == f"{username}@example.org" and user.is_active
        assert not user.is_superuser and not user.is_staff
        if user.password not in verified:  # hashing is slow; the hash may be shared
            verified[user.password] = user.check_password(demo.DEMO_PASSWORD)
        assert verified[user.password], username
        person = Person.objects.get(user=user)
        assert person.staff_no == spec.staff_no and person.name == spec.name
        assert person.memberships.current().filter(unit__code=spec.unit, post=spec.post).exists()


def test_logins_sign_in_and_see_pending_work(dm):
    for username in ("approval", "community"):
        client = Client()
        response = client.post("/login/", {"username": username, "password": demo.DEMO_PASSWORD})
        assert response.status_code == 302 and response["Location"] == "/", username
        page = client.get("/").content.decode()
        for note in NOTIFICATIONS:
            assert (note.title in page) == (note.username == username), note.title
    for note in NOTIFICATIONS:
        assert Notification.objects.filter(
            recipient__username=note.username, title=note.title, read_at__isnull=True
        ).exists()


def test_grants_are_as_described(dm):
    grants = set(RoleGrant.objects.values_list("user__username", "role", "unit__code"))
    assert grants == {
        ("cityadmin", Role.UNIT_ADMIN, "QZ"),
        ("approval", Role.ORGANIZER, "QZ-APPROVAL"),
        ("verifier", Role.VERIFIER, "QZ"),
        ("district", Role.UNIT_ADMIN, "QZ-DC"),
    }
    assert all(RoleGrant.objects.values_list("covers_subtree", flat=True))


def visible_codes(username: str) -> set[str | None]:
    return set(Unit.objects.visible_to(login(username)).values_list("code", flat=True))


def subtree_codes(code: str) -> set[str | None]:
    return set(Unit.objects.subtree_of(unit(code)).values_list("code", flat=True))


def test_city_admin_sees_and_manages_everything(dm):
    user = login("cityadmin")
    assert permissions.is_city_admin(user)
    assert visible_codes("cityadmin") == {spec.code for spec in UNITS}
    assert permissions.can_manage_unit(user, unit("QZ-LJ-QINGSHAN"))


def test_district_admin_is_confined_to_the_district(dm):
    user = login("district")
    assert not permissions.is_city_admin(user)
    assert visible_codes("district") == subtree_codes("QZ-DC")
    assert "QZ-XH" not in visible_codes("district")
    assert permissions.can_manage_unit(user, unit("QZ-DC-CUILIU"))
    assert not permissions.can_manage_unit(user, unit("QZ-XH-HUBIN"))
    people = Person.objects.visible_to(user)
    assert people.filter(pk=dm.figure("community_secretary").pk).exists()
    assert not people.filter(pk=dm.figure("party_secretary").pk).exists()
    assert not people.in_unit(unit("QZ-XH"), subtree=True).exists()


def test_approval_organizer_organizes_only_the_bureau(dm):
    user = login("approval")
    assert visible_codes("approval") == subtree_codes("QZ-APPROVAL")
    assert permissions.has_role(user, Role.ORGANIZER, unit("QZ-APPROVAL-WINDOW"))
    assert not permissions.has_role(user, Role.ORGANIZER, unit("QZ-CIVIL"))
    assert not permissions.can_manage_unit(user, unit("QZ-APPROVAL"))


def test_plain_members_see_only_their_own_unit(dm):
    assert visible_codes("community") == {"QZ-DC-CUILIU"}
    assert visible_codes("staff") == {"QZ-APPROVAL-WINDOW"}
    for username in ("community", "staff"):
        user = login(username)
        assert not user.role_grants.exists()
        for role in Role.values:
            assert not permissions.has_role(user, role, unit("QZ-APPROVAL-WINDOW"))
    community = Person.objects.visible_to(login("community"))
    assert community.filter(pk=dm.figure("community_secretary").pk).exists()
    assert not community.filter(pk=dm.figure("community_worker").pk).exists()  # 和平里


def test_verifier_verifies_citywide_but_manages_nothing(dm):
    user = login("verifier")
    assert visible_codes("verifier") == {spec.code for spec in UNITS}
    assert permissions.has_role(user, Role.VERIFIER, unit("QZ-LJ-QINGSHAN"))
    assert not permissions.is_city_admin(user)
    assert not permissions.can_manage_unit(user, unit("QZ-DISC"))
    assert Person.objects.get(user=user).memberships.current().get().unit.code == "QZ-DISC-SUP1"


# --- Commands and the extension point ------------------------------------------


def test_demo_logins_command_lists_every_login(dm):
    out = io.StringIO()
    call_command("demo_logins", stdout=out)
    text = out.getvalue()
    for username in demo.DEMO_USERNAMES:
        assert username in text
    assert demo.DEMO_PASSWORD in text and "清州市行政审批局" in text and "Organizer" in text
    assert "not loaded" not in text
    out = io.StringIO()
    call_command("demo_logins", "--markdown", stdout=out)
    lines = out.getvalue().splitlines()
    assert len(lines) == 2 + len(demo.DEMO_LOGINS) and lines[2].startswith("| `cityadmin` |")


@pytest.fixture
def fake_app(tmp_path, monkeypatch):
    """A throwaway ``jianxian.fakedemo`` app with a ``demo`` module."""
    package = tmp_path / "fakedemo"
    package.mkdir()
    (package / "__init__.py").write_text("")
    monkeypatch.setattr(jianxian, "__path__", [*jianxian.__path__, str(tmp_path)])

    class Config:
        name = "jianxian.fakedemo"

    def configs():
        import importlib

        importlib.invalidate_caches()
        Config.module = importlib.import_module("jianxian.fakedemo")  # type: ignore[attr-defined]
        return [*original(), Config]

    from django.apps import apps

    original = apps.get_app_configs
    monkeypatch.setattr(apps, "get_app_configs", configs)
    yield package
    for name in ("jianxian.fakedemo.demo", "jianxian.fakedemo"):
        sys.modules.pop(name, None)


def test_other_apps_add_their_demo_data(dm, fake_app):
    (fake_app / "demo.py").write_text(
        "def load_demo(ctx):\n"
        "    ctx.count('seminars', created=ctx.unit('QZ-APPROVAL').name == '清州市行政审批局')\n"
    )
    modules = demo.demo_modules()
    assert modules[0] is demo and modules[-1].__name__ == "jianxian.fakedemo.demo"
    ctx = demo.load()
    assert ctx.created == Counter({"seminars": 1})


def test_an_app_demo_without_load_demo_is_refused(dm, fake_app):
    (fake_app / "demo.py").write_text("LOADED = True\n")
    with pytest.raises(ImproperlyConfigured, match="load_demo"):
        demo.load()
