"""Who sees which exemplar, deed and photo, per role and status; access.py's 404s and 403s."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import Http404

from jianxian.core import actions as core_actions
from jianxian.core.models import RoleGrant
from jianxian.core.tests.factories import make_user
from jianxian.exemplars import access, actions
from jianxian.exemplars.models import Deed, Exemplar, Photo
from jianxian.exemplars.tests.factories import (
    make_cast,
    make_published,
    make_ready,
    png_bytes,
    with_status,
)

pytestmark = pytest.mark.django_db

ANONYMOUS = "anonymous"
EVERYONE = {
    ANONYMOUS,
    "organizer",
    "unit_admin",
    "verifier",
    "district_admin",
    "city_admin",
    "member",
    "team_member",
    "district_staff",
    "other_district",
    "other_organizer",
    "viewer",
}
# The exemplar belongs to the community (幸福社区, under 东城区; 网格一组 is under it).
CURATORS = {"organizer", "unit_admin", "verifier", "district_admin", "city_admin"}
COMMUNITY_READERS = CURATORS | {"member", "team_member", "viewer", "district_staff"}


@pytest.fixture
def cast():
    return make_cast()


def user_of(cast, who):
    return AnonymousUser() if who == ANONYMOUS else getattr(cast, who)


def seers(cast, exemplar) -> set[str]:
    return {
        who
        for who in EVERYONE
        if Exemplar.objects.visible_to(user_of(cast, who)).filter(pk=exemplar.pk).exists()
    }


@pytest.mark.parametrize(
    "status", [Exemplar.Status.DRAFT, Exemplar.Status.UNDER_REVIEW, Exemplar.Status.ARCHIVED]
)
def test_unpublished_exemplars_are_seen_by_curators_only(cast, status):
    exemplar = with_status(make_ready(cast.unit), status)
    assert seers(cast, exemplar) == CURATORS


def test_a_published_exemplar_is_seen_across_the_owning_unit_s_subtree_and_above(cast):
    exemplar = make_published(cast.unit)
    assert seers(cast, exemplar) == COMMUNITY_READERS


def test_a_public_exemplar_is_seen_by_everyone_even_signed_out(cast):
    exemplar = make_published(cast.unit, public=True)
    assert seers(cast, exemplar) == EVERYONE
    assert list(Exemplar.objects.public()) == [exemplar]


def test_public_but_not_yet_published_stays_hidden(cast):
    exemplar = make_ready(cast.unit)
    actions.set_exemplar_rights(
        actor=None,
        exemplar=exemplar,
        version=exemplar.version,
        public_use=True,
        school_use=True,
        is_public=True,
        consent_note="同意书",
    )
    assert seers(cast, exemplar) == CURATORS
    with_status(exemplar, Exemplar.Status.UNDER_REVIEW)
    assert seers(cast, exemplar) == CURATORS
    actions.publish_exemplar(actor=None, exemplar=exemplar)
    assert seers(cast, exemplar) == EVERYONE
    actions.archive_exemplar(actor=None, exemplar=exemplar)
    assert seers(cast, exemplar) == CURATORS


def test_a_city_exemplar_is_for_the_whole_city(cast):
    exemplar = make_published(cast.tree.city, "全市典型")
    # Everyone with a post or grant anywhere in the city; curators of the city are the
    # city admin only, but everyone below reads what the city published.
    assert seers(cast, exemplar) == EVERYONE - {ANONYMOUS}
    draft = make_ready(cast.tree.city, "全市草稿")
    assert seers(cast, draft) == {"city_admin"}


def test_a_team_exemplar_is_seen_from_the_units_above(cast):
    exemplar = make_published(cast.tree.team, "网格员")
    assert seers(cast, exemplar) == COMMUNITY_READERS
    draft = make_ready(cast.tree.team, "网格员草稿")
    assert seers(cast, draft) == CURATORS


def test_the_creator_keeps_seeing_their_draft(cast):
    exemplar = make_ready(cast.unit, actor=cast.organizer)
    RoleGrant.objects.filter(user=cast.organizer).delete()
    organizer = type(cast.organizer).objects.get(pk=cast.organizer.pk)  # fresh scopes
    assert Exemplar.objects.visible_to(organizer).filter(pk=exemplar.pk).exists()
    assert not exemplar.can_edit(organizer)


def test_inactive_users_see_only_the_public(cast):
    hidden = make_published(cast.unit, "内部典型")
    public = make_published(cast.unit, "公开典型", public=True)
    cast.unit_admin.is_active = False
    assert list(Exemplar.objects.visible_to(cast.unit_admin)) == [public]
    assert hidden.pk != public.pk


def test_superuser_sees_everything(cast):
    draft = make_ready(cast.tree.village, "西岭村草稿")
    root = make_user("root", is_superuser=True)
    assert Exemplar.objects.visible_to(root).filter(pk=draft.pk).exists()


def test_deeds_and_photos_follow_their_exemplar(cast):
    draft = make_ready(cast.unit, "草稿典型")
    published = make_published(cast.unit, "已发布典型")
    public = make_published(cast.unit, "公开典型", public=True)
    for exemplar, colour in ((draft, (1, 2, 3)), (published, (4, 5, 6)), (public, (7, 8, 9))):
        actions.add_photo(
            actor=None, exemplar=exemplar, data=png_bytes(colour=colour), caption=exemplar.name
        )

    def seen(user) -> tuple[set[str], set[str]]:
        deeds = set(Deed.objects.visible_to(user).values_list("exemplar__name", flat=True))
        photos = set(Photo.objects.visible_to(user).values_list("caption", flat=True))
        return deeds, photos

    everything = {"草稿典型", "已发布典型", "公开典型"}
    assert seen(cast.organizer) == (everything, everything)
    assert seen(cast.member) == ({"已发布典型", "公开典型"},) * 2
    assert seen(cast.other_district) == ({"公开典型"},) * 2
    assert seen(AnonymousUser()) == ({"公开典型"},) * 2


def test_access_hides_what_is_out_of_sight_and_refuses_writes(cast):
    draft = make_ready(cast.unit)
    published = make_published(cast.unit, "已发布")
    with pytest.raises(Http404):
        access.get_exemplar_for_user(cast.member, draft.pk)
    with pytest.raises(Http404):
        access.get_exemplar_for_user(AnonymousUser(), published.pk)
    assert access.get_exemplar_for_user(cast.member, published.pk) == published
    with pytest.raises(PermissionDenied):
        access.get_exemplar_for_user(cast.member, published.pk, write=True)
    assert access.get_exemplar_for_user(cast.organizer, draft.pk, write=True) == draft
    with pytest.raises(PermissionDenied):
        access.get_exemplar_for_user(cast.organizer, published.pk, write=True)
    assert access.get_exemplar_for_user(cast.verifier, published.pk, write=True) == published
    with pytest.raises(Http404):
        access.get_exemplar_for_user(cast.organizer, 987654321)

    deed = draft.deeds.get()
    with pytest.raises(Http404):
        access.get_deed_for_user(cast.member, deed.pk)
    assert access.get_deed_for_user(cast.organizer, deed.pk, write=True) == deed
    with pytest.raises(PermissionDenied):
        access.get_deed_for_user(cast.member, published.deeds.get().pk, write=True)

    honour = actions.add_honour(actor=None, exemplar=draft, title="标兵", level="unit", year=2020)
    with pytest.raises(Http404):
        access.get_honour_for_user(cast.other_district, honour.pk)
    assert access.get_honour_for_user(cast.unit_admin, honour.pk, write=True) == honour
    source = actions.add_source(actor=None, exemplar=published, title="报道")
    assert access.get_source_for_user(cast.member, source.pk) == source
    with pytest.raises(Http404):
        access.get_source_for_user(cast.other_district, source.pk)


def test_the_vocabulary_is_open_and_only_city_admins_change_it(cast):
    from jianxian.exemplars.models import Quality

    quality = Quality.objects.get(code="innovation")
    assert access.get_quality_for_user(AnonymousUser(), quality.pk) == quality
    with pytest.raises(PermissionDenied):
        access.get_quality_for_user(cast.district_admin, quality.pk, write=True)
    assert access.get_quality_for_user(cast.city_admin, quality.pk, write=True) == quality


def test_grants_take_effect_on_the_next_request(cast):
    exemplar = make_ready(cast.unit)
    newcomer = make_user("newcomer")
    assert not Exemplar.objects.visible_to(newcomer).filter(pk=exemplar.pk).exists()
    core_actions.grant_role(actor=None, user=newcomer, role="verifier", unit=cast.unit)
    assert Exemplar.objects.visible_to(newcomer).filter(pk=exemplar.pk).exists()
