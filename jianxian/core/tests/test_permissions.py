"""Who sees and manages what: visible_to per role, the predicates, person search."""

import datetime

import pytest
from django.contrib.auth.models import AnonymousUser

from jianxian.core import actions, permissions
from jianxian.core.models import Person, Role, Unit
from jianxian.core.tests.factories import (
    city_admin,
    district_admin,
    grant,
    make_person,
    make_staff,
    make_tree,
    make_user,
)

pytestmark = pytest.mark.django_db


def unit_names(user) -> set[str]:
    return set(Unit.objects.visible_to(user).values_list("name", flat=True))


def person_names(user) -> set[str]:
    return set(Person.objects.visible_to(user).values_list("name", flat=True))


def people_in(tree):
    """One person in every unit of the tree, named after it."""
    return {unit.name: make_person(f"{unit.name}员工", unit) for unit in tree.all()}


def test_city_admin_sees_everything():
    tree = make_tree()
    people_in(tree)
    admin = city_admin(tree)
    assert unit_names(admin) == {u.name for u in tree.all()}
    assert len(person_names(admin)) == len(tree.all())
    assert permissions.is_city_admin(admin)


def test_superuser_sees_everything():
    tree = make_tree()
    people_in(tree)
    root = make_user("root", is_superuser=True)
    assert unit_names(root) == {u.name for u in tree.all()}
    assert len(person_names(root)) == len(tree.all())


def test_unit_admin_of_a_district_sees_its_subtree_only():
    tree = make_tree()
    people_in(tree)
    admin = district_admin(tree)
    assert unit_names(admin) == {"东城区", "幸福社区", "网格一组", "东城实验小学"}
    assert person_names(admin) == {"东城区员工", "幸福社区员工", "网格一组员工", "东城实验小学员工"}
    assert not permissions.is_city_admin(admin)


def test_plain_member_sees_own_unit_subtree():
    tree = make_tree()
    people_in(tree)
    member = make_staff("王小明", tree.community)
    assert unit_names(member) == {"幸福社区", "网格一组"}
    assert person_names(member) == {"幸福社区员工", "网格一组员工", "王小明"}


def test_grant_without_subtree_sees_only_that_unit():
    tree = make_tree()
    people_in(tree)
    viewer = make_user("viewer")
    grant(viewer, Role.VIEWER, tree.district_a, covers_subtree=False)
    assert unit_names(viewer) == {"东城区"}
    assert person_names(viewer) == {"东城区员工"}


def test_grants_and_posts_add_up():
    tree = make_tree()
    member = make_staff("王小明", tree.team)
    grant(member, Role.ORGANIZER, tree.village)
    assert unit_names(member) == {"网格一组", "西岭村"}


def test_anonymous_sees_nothing():
    tree = make_tree()
    people_in(tree)
    anonymous = AnonymousUser()
    assert unit_names(anonymous) == set()
    assert person_names(anonymous) == set()
    assert not permissions.can_view_unit(anonymous, tree.city)
    assert not permissions.can_manage_unit(anonymous, tree.city)
    assert permissions.scope_root_units(anonymous) == []


def test_inactive_user_sees_nothing_even_with_grants():
    tree = make_tree()
    people_in(tree)
    user = make_user("gone", is_active=False)
    grant(user, Role.UNIT_ADMIN, tree.city)
    make_person("离职人员", tree.community, user=user)
    assert unit_names(user) == set()
    assert person_names(user) == set()
    assert not permissions.is_city_admin(user)


def test_a_person_always_sees_themselves():
    tree = make_tree()
    people_in(tree)
    user = make_staff("退休老李", tree.village)
    membership = Person.objects.get(user=user).memberships.get()
    actions.end_post(actor=None, membership=membership, end_date=datetime.date.today())
    permissions.forget_scopes(user)
    assert unit_names(user) == set()
    assert person_names(user) == {"退休老李"}
    assert permissions.can_view_person(user, Person.objects.get(user=user))


def test_people_whose_posts_ended_drop_out_of_scope():
    tree = make_tree()
    member = make_staff("王小明", tree.community)
    former = make_person("调走的人", tree.community)
    actions.end_post(actor=None, membership=former.memberships.get())
    assert "调走的人" not in person_names(member)
    assert not permissions.can_view_person(member, former)


def test_has_role_covers_subtree_or_only_the_unit():
    tree = make_tree()
    organizer = make_user("organizer")
    grant(organizer, Role.ORGANIZER, tree.district_a)
    assert permissions.has_role(organizer, Role.ORGANIZER, tree.district_a)
    assert permissions.has_role(organizer, Role.ORGANIZER, tree.team)
    assert not permissions.has_role(organizer, Role.ORGANIZER, tree.district_b)
    assert not permissions.has_role(organizer, Role.VERIFIER, tree.team)

    narrow = make_user("narrow")
    grant(narrow, Role.VERIFIER, tree.district_a, covers_subtree=False)
    assert permissions.has_role(narrow, Role.VERIFIER, tree.district_a)
    assert not permissions.has_role(narrow, Role.VERIFIER, tree.community)


def test_city_admin_holds_every_role_everywhere():
    tree = make_tree()
    admin = city_admin(tree)
    for role in Role.values:
        assert permissions.has_role(admin, role, tree.team)


def test_unit_admin_of_root_without_subtree_is_not_city_admin():
    tree = make_tree()
    user = make_user("rootonly")
    grant(user, Role.UNIT_ADMIN, tree.city, covers_subtree=False)
    assert not permissions.is_city_admin(user)
    assert unit_names(user) == {"青州市"}
    assert permissions.can_manage_unit(user, tree.city)
    assert not permissions.can_manage_unit(user, tree.district_a)


def test_organizer_at_root_is_not_city_admin():
    tree = make_tree()
    user = make_user("cityorganizer")
    grant(user, Role.ORGANIZER, tree.city)
    assert not permissions.is_city_admin(user)
    assert unit_names(user) == {u.name for u in tree.all()}
    assert not permissions.can_manage_unit(user, tree.team)


def test_can_manage_unit():
    tree = make_tree()
    admin = district_admin(tree)
    assert permissions.can_manage_unit(admin, tree.district_a)
    assert permissions.can_manage_unit(admin, tree.school)
    assert permissions.can_manage_unit(admin, tree.team)
    assert not permissions.can_manage_unit(admin, tree.city)
    assert not permissions.can_manage_unit(admin, tree.district_b)
    member = make_staff("王小明", tree.community)
    assert permissions.can_view_unit(member, tree.community)
    assert not permissions.can_manage_unit(member, tree.community)


def test_can_view_and_manage_person():
    tree = make_tree()
    admin = district_admin(tree)
    inside = make_person("张三", tree.team)
    outside = make_person("李四", tree.village)
    assert permissions.can_view_person(admin, inside)
    assert not permissions.can_view_person(admin, outside)
    assert permissions.can_manage_person(admin, inside)
    assert not permissions.can_manage_person(admin, outside)
    assert not permissions.can_view_person(AnonymousUser(), inside)


def test_scope_root_units():
    tree = make_tree()
    assert [u.name for u in permissions.scope_root_units(city_admin(tree))] == ["青州市"]
    assert [u.name for u in permissions.scope_root_units(district_admin(tree))] == ["东城区"]

    member = make_staff("王小明", tree.team)
    grant(member, Role.UNIT_ADMIN, tree.district_a)
    grant(member, Role.VIEWER, tree.village)
    roots = permissions.scope_root_units(member)
    assert sorted(u.name for u in roots) == ["东城区", "西岭村"]


def test_scopes_are_refreshed_after_a_grant():
    tree = make_tree()
    user = make_user("late")
    assert unit_names(user) == set()
    grant(user, Role.VIEWER, tree.school)  # grant_role forgets the cached scopes
    assert unit_names(user) == {"东城实验小学"}


# --- Person.search ----------------------------------------------------------------


def searched(query: str) -> set[str]:
    return set(Person.objects.search(query).values_list("name", flat=True))


def make_people_to_search(tree):
    for name in ["李正峰", "李正", "李四", "张丽华", "曾国藩", "欧阳修", "王单"]:
        make_person(name, tree.community)


@pytest.mark.parametrize(
    "query",
    ["lzf", "LZF", "ＬＺＦ", "lizheng", "LiZheng", "li zheng", "lizhengfeng", "李正峰", "李正"],
)
def test_search_finds_li_zhengfeng(query):
    make_people_to_search(make_tree())
    assert "李正峰" in searched(query)


def test_search_by_prefix_only():
    make_people_to_search(make_tree())
    assert searched("lzf") == {"李正峰"}
    assert searched("lz") == {"李正峰", "李正"}
    assert searched("li") == {"李正峰", "李正", "李四"}
    assert searched("zhengfeng") == set()  # pinyin matches from the surname on
    assert searched("李正") == {"李正峰", "李正"}


def test_search_folds_scripts():
    make_people_to_search(make_tree())
    assert searched("張麗華") == {"张丽华"}
    assert searched("张丽华") == {"张丽华"}
    assert searched("麗華") == {"张丽华"}  # inside the name: the given name


def test_search_finds_names_stored_in_traditional():
    tree = make_tree()
    make_person("張麗華", tree.community)
    make_person("歐陽修", tree.community)
    assert searched("张丽华") == {"張麗華"}
    assert searched("張麗") == {"張麗華"}
    assert searched("丽华") == {"張麗華"}
    assert searched("zlh") == {"張麗華"}
    assert searched("欧阳") == {"歐陽修"}
    assert searched("ouyangxiu") == {"歐陽修"}


def test_search_uses_the_surname_table():
    make_people_to_search(make_tree())
    assert searched("zeng") == {"曾国藩"}
    assert searched("ceng") == set()
    assert searched("oyx") == {"欧阳修"}
    assert searched("ouyang") == {"欧阳修"}
    assert searched("wangdan") == {"王单"}


@pytest.mark.parametrize("query", ["", "   ", "\t"])
def test_empty_search_finds_nobody(query):
    make_people_to_search(make_tree())
    assert searched(query) == set()


def test_search_of_odd_input_is_harmless():
    make_people_to_search(make_tree())
    for query in ["%", "_", "'; DROP TABLE core_person; --", "\\", "🙂", "x" * 500]:
        assert searched(query) == set()


def test_search_stays_within_visibility():
    tree = make_tree()
    make_person("李正峰", tree.community)
    make_person("李正华", tree.village)
    member = make_staff("王小明", tree.community)
    found = Person.objects.visible_to(member).search("lz").values_list("name", flat=True)
    assert set(found) == {"李正峰"}
