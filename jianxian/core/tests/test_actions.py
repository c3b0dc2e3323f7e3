"""Every write in core goes through an action: permission, validation, event, side effect."""

import datetime

import pytest
from django.core import mail
from django.tasks import task_backends
from django.tasks.backends.immediate import ImmediateBackend

from jianxian.core import actions, permissions
from jianxian.core.errors import ActionError, PermissionDenied, StaleEdit
from jianxian.core.models import (
    ApiToken,
    Event,
    Membership,
    Notification,
    Person,
    Role,
    RoleGrant,
    Unit,
    UnitKind,
)
from jianxian.core.tasks import send_notification_email
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


def events(verb: str) -> list[Event]:
    return list(Event.objects.filter(verb=verb).order_by("id"))


# --- Units ------------------------------------------------------------------


def test_create_unit_builds_path_and_depth():
    city = make_unit("青州市", UnitKind.CITY)
    district = make_unit("东城区", UnitKind.DISTRICT, city)
    team = make_unit("网格一组", UnitKind.TEAM, district)
    assert (city.path, city.depth) == (f"{city.pk}/", 0)
    assert (district.path, district.depth) == (f"{city.pk}/{district.pk}/", 1)
    assert (team.path, team.depth) == (f"{city.pk}/{district.pk}/{team.pk}/", 2)
    team.refresh_from_db()
    assert team.path == f"{city.pk}/{district.pk}/{team.pk}/"
    assert team.ancestor_ids == [city.pk, district.pk]
    assert team.is_within(city) and not city.is_within(team)
    assert set(Unit.objects.subtree_of(district)) == {district, team}
    assert team.name_pinyin == "wang ge yi zu"


def test_create_unit_records_an_event():
    tree = make_tree()
    admin = district_admin(tree)
    unit = actions.create_unit(
        actor=admin, name="  第二 网格  ", kind=UnitKind.TEAM, parent=tree.team
    )
    assert unit.name == "第二 网格"
    [event] = events("unit.create")[-1:]
    assert (event.actor, event.target, event.changes) == (admin, unit, {"name": "第二 网格"})


def test_create_unit_refuses_outside_scope_and_writes_nothing():
    tree = make_tree()
    admin = district_admin(tree)
    count = Unit.objects.count()
    with pytest.raises(PermissionDenied):
        actions.create_unit(actor=admin, name="越权", kind=UnitKind.TEAM, parent=tree.district_b)
    with pytest.raises(PermissionDenied):
        actions.create_unit(actor=admin, name="新城市", kind=UnitKind.CITY, parent=None)
    member = make_staff("王小明", tree.community)
    with pytest.raises(PermissionDenied):
        actions.create_unit(actor=member, name="自建", kind=UnitKind.TEAM, parent=tree.community)
    assert Unit.objects.count() == count


def test_city_admin_may_create_a_root():
    tree = make_tree()
    unit = actions.create_unit(
        actor=city_admin(tree), name="白河县", kind=UnitKind.DISTRICT, parent=None
    )
    assert (unit.path, unit.depth) == (f"{unit.pk}/", 0)


@pytest.mark.parametrize(
    ("name", "kind", "code"),
    [("", UnitKind.TEAM, None), ("   ", UnitKind.TEAM, None), ("x" * 101, UnitKind.TEAM, None)],
)
def test_create_unit_rejects_bad_names(name, kind, code):
    tree = make_tree()
    with pytest.raises(ActionError):
        actions.create_unit(actor=None, name=name, kind=kind, parent=tree.city, code=code)


def test_create_unit_rejects_unknown_kind_and_duplicate_code():
    tree = make_tree()
    with pytest.raises(ActionError, match="planet"):
        actions.create_unit(actor=None, name="火星", kind="planet", parent=tree.city)
    actions.create_unit(actor=None, name="甲", kind=UnitKind.TEAM, parent=tree.city, code="QZ-1")
    count = Unit.objects.count()
    with pytest.raises(ActionError, match="QZ-1"):
        actions.create_unit(
            actor=None, name="乙", kind=UnitKind.TEAM, parent=tree.city, code="QZ-1"
        )
    assert Unit.objects.count() == count


def test_update_unit_bumps_version_and_records_changes():
    tree = make_tree()
    admin = district_admin(tree)
    unit = actions.update_unit(
        actor=admin, unit=tree.school, version=1, name="曾家小学", kind=UnitKind.SCHOOL, code="S1"
    )
    assert (unit.name, unit.version, unit.code) == ("曾家小学", 2, "S1")
    assert unit.name_pinyin == "zeng jia xiao xue"
    [event] = events("unit.update")
    assert event.actor == admin
    assert event.target == unit
    assert event.changes == {"name": ["东城实验小学", "曾家小学"], "code": [None, "S1"]}


def test_update_unit_with_stale_version_writes_nothing():
    tree = make_tree()
    admin = district_admin(tree)
    stale = Unit.objects.get(pk=tree.school.pk)
    actions.update_unit(
        actor=admin, unit=tree.school, version=1, name="第一次", kind=UnitKind.SCHOOL
    )
    with pytest.raises(StaleEdit) as excinfo:
        actions.update_unit(actor=admin, unit=stale, version=1, name="第二次", kind=UnitKind.SCHOOL)
    assert excinfo.value.status == 409
    fresh = Unit.objects.get(pk=tree.school.pk)
    assert (fresh.name, fresh.version) == ("第一次", 2)
    assert len(events("unit.update")) == 1


def test_update_unit_refuses_outside_scope():
    tree = make_tree()
    admin = district_admin(tree)
    with pytest.raises(PermissionDenied):
        actions.update_unit(actor=admin, unit=tree.village, version=1, name="改", kind="village")
    assert Unit.objects.get(pk=tree.village.pk).name == "西岭村"
    assert events("unit.update") == []


# --- People -----------------------------------------------------------------


def test_create_person_computes_pinyin_and_post():
    tree = make_tree()
    admin = district_admin(tree)
    person = actions.create_person(
        actor=admin, name="曾国藩", unit=tree.community, post="书记", categories=["cadre"]
    )
    assert (person.name_pinyin, person.pinyin_compact, person.name_initials) == (
        "zeng guo fan",
        "zengguofan",
        "zgf",
    )
    membership = Membership.objects.get(person=person)
    assert (membership.unit, membership.post, membership.end_date) == (tree.community, "书记", None)
    [event] = events("person.create")
    assert (event.actor, event.target) == (admin, person)


def test_create_person_refusals_write_nothing():
    tree = make_tree()
    admin = district_admin(tree)
    with pytest.raises(PermissionDenied):
        actions.create_person(actor=admin, name="张三", unit=tree.village)
    with pytest.raises(ActionError, match="astronaut"):
        actions.create_person(actor=admin, name="张三", unit=tree.team, categories=["astronaut"])
    with pytest.raises(ActionError):
        actions.create_person(actor=admin, name=" ", unit=tree.team)
    actions.create_person(actor=admin, name="张三", unit=tree.team, staff_no="007")
    with pytest.raises(ActionError, match="007"):
        actions.create_person(actor=admin, name="李四", unit=tree.team, staff_no="007")
    assert list(Person.objects.values_list("name", flat=True)) == ["张三"]
    assert Membership.objects.count() == 1


def test_update_person_recomputes_pinyin():
    tree = make_tree()
    admin = district_admin(tree)
    person = make_person("李正峰", tree.team)
    person = actions.update_person(
        actor=admin, person=person, version=1, name="单雄信", categories=["worker"]
    )
    assert (person.name, person.name_pinyin, person.pinyin_compact, person.name_initials) == (
        "单雄信",
        "shan xiong xin",
        "shanxiongxin",
        "sxx",
    )
    assert person.version == 2
    [event] = events("person.update")
    assert event.changes["name"] == ["李正峰", "单雄信"]


def test_update_person_stale_and_refused():
    tree = make_tree()
    admin = district_admin(tree)
    person = make_person("李正峰", tree.team)
    stale = Person.objects.get(pk=person.pk)
    actions.update_person(actor=admin, person=person, version=1, name="李正风")
    with pytest.raises(StaleEdit):
        actions.update_person(actor=admin, person=stale, version=1, name="李郑峰")
    outsider = make_person("王五", tree.village)
    with pytest.raises(PermissionDenied):
        actions.update_person(actor=admin, person=outsider, version=1, name="王六")
    assert set(Person.objects.values_list("name", flat=True)) == {"李正风", "王五"}


def test_assign_and_end_posts():
    tree = make_tree()
    admin = district_admin(tree)
    person = make_person("张三", tree.team)
    membership = actions.assign_post(actor=admin, person=person, unit=tree.school, post="兼职教师")
    with pytest.raises(ActionError):
        actions.assign_post(actor=admin, person=person, unit=tree.school, post="兼职教师")
    with pytest.raises(ActionError):
        actions.end_post(
            actor=admin,
            membership=membership,
            end_date=membership.start_date - datetime.timedelta(1),
        )
    actions.end_post(actor=admin, membership=membership)
    with pytest.raises(ActionError):
        actions.end_post(actor=admin, membership=Membership.objects.get(pk=membership.pk))
    assert Membership.objects.current().filter(person=person).count() == 1
    assert [
        e.verb
        for e in Event.objects.filter(target_type__model="person", target_id=person.pk).order_by(
            "id"
        )
    ] == [
        "person.create",
        "person.assign_post",
        "person.end_post",
    ]


# --- Role grants --------------------------------------------------------------


def test_grant_and_revoke_role():
    tree = make_tree()
    admin = district_admin(tree)
    user = make_user("organizer")
    grant = actions.grant_role(actor=admin, user=user, role=Role.ORGANIZER, unit=tree.community)
    assert permissions.has_role(user, Role.ORGANIZER, tree.team)
    again = actions.grant_role(actor=admin, user=user, role=Role.ORGANIZER, unit=tree.community)
    assert again.pk == grant.pk
    [event] = [e for e in events("role.grant") if e.actor == admin]
    assert (event.actor, event.target) == (admin, tree.community)
    assert event.changes == {"user": user.pk, "role": "organizer", "subtree": True}

    actions.revoke_role(actor=admin, grant=grant)
    assert not RoleGrant.objects.filter(pk=grant.pk).exists()
    assert not permissions.has_role(user, Role.ORGANIZER, tree.team)
    [revoked] = events("role.revoke")
    assert revoked.changes == {"user": user.pk, "role": "organizer"}


def test_grant_role_refusals():
    tree = make_tree()
    admin = district_admin(tree)
    user = make_user("someone")
    with pytest.raises(PermissionDenied):
        actions.grant_role(actor=admin, user=user, role=Role.VIEWER, unit=tree.city)
    with pytest.raises(ActionError, match="emperor"):
        actions.grant_role(actor=admin, user=user, role="emperor", unit=tree.team)
    member = make_staff("王小明", tree.community)
    with pytest.raises(PermissionDenied):
        actions.grant_role(actor=member, user=member, role=Role.UNIT_ADMIN, unit=tree.community)
    city_grant = RoleGrant.objects.get(role=Role.UNIT_ADMIN, unit=tree.district_a)
    with pytest.raises(PermissionDenied):
        actions.revoke_role(actor=member, grant=city_grant)
    assert RoleGrant.objects.filter(user=user).count() == 0
    assert RoleGrant.objects.filter(pk=city_grant.pk).exists()


# --- API tokens -----------------------------------------------------------------


def test_api_token_secret_is_never_stored():
    user = make_user("tokenuser")
    token, secret = actions.create_api_token(actor=user, name="脚本")
    assert secret.startswith("jx_") and len(secret) > 40
    stored = ApiToken.objects.filter(pk=token.pk).values().get()
    assert secret not in {str(value) for value in stored.values()}
    assert stored["key_hash"] == ApiToken.hash_key(secret)
    assert stored["prefix"] == secret[:10]
    assert events("token.create")[0].actor == user


def test_revoke_api_token_twice_is_an_error():
    user = make_user("tokenuser")
    token, _secret = actions.create_api_token(actor=user, name="脚本")
    actions.revoke_api_token(actor=user, token=token)
    assert token.revoked_at is not None
    with pytest.raises(ActionError):
        actions.revoke_api_token(actor=user, token=token)
    assert len(events("token.revoke")) == 1


def test_api_token_refusals():
    from django.contrib.auth.models import AnonymousUser

    owner = make_user("owner")
    token, _secret = actions.create_api_token(actor=owner, name="脚本")
    with pytest.raises(PermissionDenied):
        actions.revoke_api_token(actor=make_user("thief"), token=token)
    with pytest.raises(PermissionDenied):
        actions.create_api_token(actor=AnonymousUser(), name="x")
    with pytest.raises(ActionError):
        actions.create_api_token(actor=owner, name="   ")
    for n in range(19):
        actions.create_api_token(actor=owner, name=f"t{n}")
    with pytest.raises(ActionError, match="20"):
        actions.create_api_token(actor=owner, name="one too many")
    assert ApiToken.objects.filter(user=owner, revoked_at__isnull=True).count() == 20


# --- Notifications ----------------------------------------------------------------


def test_tests_run_tasks_immediately():
    assert isinstance(task_backends["default"], ImmediateBackend)


def test_notify_with_email_sends_exactly_once(django_capture_on_commit_callbacks):
    user = make_user("reader", email="reader@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        notification = actions.notify(
            recipient=user, title="请参加学习", body="周五下午", url="/org/", email=True
        )
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert (message.subject, message.to) == ("请参加学习", ["reader@example.org"])
    assert "周五下午" in message.body and "/org/" in message.body
    notification.refresh_from_db()
    assert notification.emailed_at is not None

    # A retried or duplicated task does not mail twice.
    send_notification_email.enqueue(notification.pk)
    assert actions.send_notification_email(notification_id=notification.pk) is False
    assert len(mail.outbox) == 1


def test_notify_waits_for_the_commit(django_capture_on_commit_callbacks):
    user = make_user("reader", email="reader@example.org")
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        actions.notify(recipient=user, title="待提交", email=True)
    assert mail.outbox == []
    assert len(callbacks) == 1


def test_notify_without_email(django_capture_on_commit_callbacks):
    no_address = make_user("noaddress")
    with_address = make_user("withaddress", email="w@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        first = actions.notify(recipient=no_address, title="一", email=True)
        second = actions.notify(recipient=with_address, title="二", email=False)
    assert not first.send_email and not second.send_email
    assert mail.outbox == []
    assert Notification.objects.count() == 2


def test_mark_read_only_by_recipient():
    reader = make_user("reader")
    other = make_user("other")
    notification = actions.notify(recipient=reader, title="消息")
    with pytest.raises(PermissionDenied):
        actions.mark_notification_read(actor=other, notification=notification)
    assert Notification.objects.get(pk=notification.pk).read_at is None
    actions.mark_notification_read(actor=reader, notification=notification)
    first_read = Notification.objects.get(pk=notification.pk).read_at
    assert first_read is not None
    actions.mark_notification_read(actor=reader, notification=notification)
    assert Notification.objects.get(pk=notification.pk).read_at == first_read


def test_mark_all_read():
    reader = make_user("reader")
    other = make_user("other")
    for title in ["一", "二", "三"]:
        actions.notify(recipient=reader, title=title)
    actions.notify(recipient=other, title="别人的")
    assert actions.mark_all_notifications_read(actor=reader) == 3
    assert Notification.objects.filter(read_at__isnull=True).count() == 1


def test_create_person_race_on_staff_number_is_a_clear_error(monkeypatch):
    """The unique constraint decides when two saves pass the check at once."""
    from django.db.models import QuerySet

    city = actions.create_unit(actor=None, name="清州市", kind="city", parent=None)
    actions.create_person(actor=None, name="李正峰", unit=city, staff_no="QZ1")
    real_exists = QuerySet.exists
    calls = {"n": 0}

    def first_check_misses(self):
        calls["n"] += 1
        return False if calls["n"] == 1 else real_exists(self)

    monkeypatch.setattr(QuerySet, "exists", first_check_misses)
    with pytest.raises(ActionError, match="QZ1"):
        actions.create_person(actor=None, name="赵晓颖", unit=city, staff_no="QZ1")
    assert Person.objects.filter(staff_no="QZ1").count() == 1
