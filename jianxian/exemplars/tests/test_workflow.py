"""The workflow: every legal move works and leaves an event, every other move is refused
and writes nothing; who may move what; four eyes; content checks; the compare-and-set."""

import itertools

import pytest
from django.core.exceptions import PermissionDenied

from jianxian.core.errors import ActionError
from jianxian.core.models import Event, Notification
from jianxian.exemplars import actions
from jianxian.exemplars.models import TRANSITIONS, Exemplar
from jianxian.exemplars.tests.factories import make_cast, make_exemplar, make_ready, with_status

pytestmark = pytest.mark.django_db

Status = Exemplar.Status
LEGAL = [(source, target) for source, targets in TRANSITIONS.items() for target in targets]
ILLEGAL = [pair for pair in itertools.product(Status.values, Status.values) if pair not in LEGAL]
WRAPPERS = {
    "submit": actions.submit_exemplar,
    "return": lambda **kw: actions.return_exemplar(reason="请补充事迹", **kw),
    "publish": actions.publish_exemplar,
    "archive": actions.archive_exemplar,
    "reopen": actions.reopen_exemplar,
}


def moves(exemplar) -> list[tuple[str, str, str]]:
    return [
        (e.verb, e.from_status, e.to_status)
        for e in Event.objects.filter(
            target_id=exemplar.pk,
            verb__in=[
                f"exemplar.{t.verb}" for targets in TRANSITIONS.values() for t in targets.values()
            ],
        ).order_by("id")
    ]


@pytest.fixture
def cast():
    return make_cast()


def test_the_table_has_the_issue_s_moves():
    assert sorted(LEGAL) == sorted(
        [
            ("draft", "under_review"),
            ("under_review", "draft"),
            ("under_review", "published"),
            ("published", "archived"),
            ("archived", "draft"),
        ]
    )
    assert len(LEGAL) + len(ILLEGAL) == 16


@pytest.mark.parametrize(("source", "target"), LEGAL, ids=[f"{s}->{t}" for s, t in LEGAL])
def test_every_legal_move_works_and_is_recorded(cast, source, target):
    exemplar = with_status(make_ready(cast.unit), source)
    version = Exemplar.objects.get(pk=exemplar.pk).version
    before = Event.objects.count()
    moved = actions.move_exemplar(
        actor=cast.city_admin, exemplar=exemplar, to_status=target, note="审核意见"
    )
    assert moved.status == target
    row = Exemplar.objects.get(pk=exemplar.pk)
    assert (row.status, row.version) == (target, version + 1)
    [event] = Event.objects.order_by("-id")[: Event.objects.count() - before]
    verb = TRANSITIONS[source][target].verb
    assert (event.verb, event.from_status, event.to_status, event.note, event.actor) == (
        f"exemplar.{verb}",
        source,
        target,
        "审核意见",
        cast.city_admin,
    )


@pytest.mark.parametrize(("source", "target"), ILLEGAL, ids=[f"{s}->{t}" for s, t in ILLEGAL])
def test_every_other_move_is_refused_and_writes_nothing(cast, source, target):
    exemplar = with_status(make_ready(cast.unit), source)
    row = Exemplar.objects.get(pk=exemplar.pk)
    events = Event.objects.count()
    with pytest.raises(ActionError) as refusal:
        actions.move_exemplar(actor=None, exemplar=exemplar, to_status=target, note="x")
    assert "cannot go from" in refusal.value.message
    after = Exemplar.objects.get(pk=exemplar.pk)
    assert (after.status, after.version, after.updated_at) == (
        row.status,
        row.version,
        row.updated_at,
    )
    assert Event.objects.count() == events


@pytest.mark.parametrize("verb", list(WRAPPERS))
@pytest.mark.parametrize("source", Status.values)
def test_each_named_action_moves_only_from_its_own_status(cast, verb, source):
    exemplar = with_status(make_ready(cast.unit), source)
    legal = any(t.verb == verb for t in TRANSITIONS[source].values())
    if legal:
        WRAPPERS[verb](actor=None, exemplar=exemplar)
        assert moves(exemplar)[-1][0] == f"exemplar.{verb}"
    else:
        # reopen from under review targets draft like return does, and is still refused
        with pytest.raises(ActionError, match=r"^Only .* This one is"):
            WRAPPERS[verb](actor=None, exemplar=exemplar)
        assert Exemplar.objects.get(pk=exemplar.pk).status == source


def test_unknown_target_status_is_refused(cast):
    exemplar = make_ready(cast.unit)
    with pytest.raises(ActionError):
        actions.move_exemplar(actor=None, exemplar=exemplar, to_status="deleted")


# Who may make each move (the exemplar belongs to the community; the submission is the
# system's, so four eyes does not come into it).
PERMITTED = {
    "submit": {"organizer", "unit_admin", "district_admin", "city_admin"},
    "return": {"unit_admin", "verifier", "district_admin", "city_admin"},
    "publish": {"unit_admin", "verifier", "district_admin", "city_admin"},
    "archive": {"unit_admin", "district_admin", "city_admin"},
    "reopen": {"unit_admin", "district_admin", "city_admin"},
}
PEOPLE = [
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
]
VERB_MOVES = {t.verb: (s, to) for s, targets in TRANSITIONS.items() for to, t in targets.items()}


@pytest.mark.parametrize("who", PEOPLE)
@pytest.mark.parametrize("verb", list(PERMITTED))
def test_who_may_make_each_move(cast, verb, who):
    source, target = VERB_MOVES[verb]
    exemplar = with_status(make_ready(cast.unit), source)
    user = getattr(cast, who)
    assert (target in exemplar.allowed_moves(user)) == (who in PERMITTED[verb])
    if who in PERMITTED[verb]:
        WRAPPERS[verb](actor=user, exemplar=exemplar)
        assert Exemplar.objects.get(pk=exemplar.pk).status == target
    else:
        with pytest.raises(PermissionDenied):
            WRAPPERS[verb](actor=user, exemplar=exemplar)
        assert Exemplar.objects.get(pk=exemplar.pk).status == source


def test_four_eyes_the_submitter_cannot_publish(cast):
    exemplar = make_ready(cast.unit, actor=cast.unit_admin)
    actions.submit_exemplar(actor=cast.unit_admin, exemplar=exemplar)
    assert Status.PUBLISHED not in exemplar.allowed_moves(cast.unit_admin)
    with pytest.raises(PermissionDenied, match="other than the submitter"):
        actions.publish_exemplar(actor=cast.unit_admin, exemplar=exemplar)
    actions.publish_exemplar(actor=cast.verifier, exemplar=exemplar)
    assert exemplar.status == Status.PUBLISHED


def test_four_eyes_holds_for_a_city_admin_too(cast):
    exemplar = make_ready(cast.unit)
    actions.submit_exemplar(actor=cast.city_admin, exemplar=exemplar)
    with pytest.raises(PermissionDenied):
        actions.publish_exemplar(actor=cast.city_admin, exemplar=exemplar)


def test_the_submitter_may_withdraw_with_a_reason(cast):
    exemplar = make_ready(cast.unit, actor=cast.organizer)
    actions.submit_exemplar(actor=cast.organizer, exemplar=exemplar)
    assert exemplar.allowed_moves(cast.organizer) == [Status.DRAFT]
    with pytest.raises(ActionError, match="Say why"):
        actions.return_exemplar(actor=cast.organizer, exemplar=exemplar, reason="  ")
    actions.return_exemplar(actor=cast.organizer, exemplar=exemplar, reason="还要补一段事迹")
    assert (exemplar.status, exemplar.review_note) == (Status.DRAFT, "还要补一段事迹")


def test_return_records_the_reason_and_tells_the_submitter(cast):
    exemplar = make_ready(cast.unit, actor=cast.organizer)
    actions.submit_exemplar(actor=cast.organizer, exemplar=exemplar)
    assert (exemplar.submitted_by, exemplar.submitted_at is not None) == (cast.organizer, True)
    with pytest.raises(ActionError):
        actions.return_exemplar(actor=cast.verifier, exemplar=exemplar, reason="")
    actions.return_exemplar(actor=cast.verifier, exemplar=exemplar, reason="事迹来源不清")
    assert exemplar.review_note == "事迹来源不清"
    event = Event.objects.filter(verb="exemplar.return").get()
    assert (event.note, event.actor) == ("事迹来源不清", cast.verifier)
    notice = Notification.objects.get(recipient=cast.organizer)
    assert exemplar.name in notice.title and notice.body == "事迹来源不清"
    actions.submit_exemplar(actor=cast.organizer, exemplar=exemplar)
    assert exemplar.review_note == ""  # a fresh submission clears the old reason
    actions.publish_exemplar(actor=cast.verifier, exemplar=exemplar)
    assert Notification.objects.filter(recipient=cast.organizer).count() == 2
    assert exemplar.published_at is not None


@pytest.mark.parametrize("missing", ["summary", "deed", "both"])
def test_submitting_needs_a_summary_and_a_deed(cast, missing):
    exemplar = make_exemplar(cast.unit, summary="" if missing != "deed" else "简介")
    if missing == "summary":
        actions.add_deed(actor=None, exemplar=exemplar, title="事迹")
    with pytest.raises(ActionError, match="before it can be reviewed") as refusal:
        actions.submit_exemplar(actor=cast.organizer, exemplar=exemplar)
    if missing == "both":
        assert "summary" in refusal.value.message and "deed" in refusal.value.message
    assert Exemplar.objects.get(pk=exemplar.pk).status == Status.DRAFT
    assert not Event.objects.filter(verb="exemplar.submit").exists()


def test_publishing_checks_the_content_again(cast):
    exemplar = with_status(make_ready(cast.unit), Status.UNDER_REVIEW)
    exemplar.deeds.all().delete()  # however it happened, an empty record is not published
    with pytest.raises(ActionError, match="at least one deed"):
        actions.publish_exemplar(actor=cast.verifier, exemplar=exemplar)
    assert Exemplar.objects.get(pk=exemplar.pk).status == Status.UNDER_REVIEW


def test_two_reviewers_publishing_at_once_exactly_one_wins(cast):
    exemplar = with_status(make_ready(cast.unit), Status.UNDER_REVIEW)
    first = Exemplar.objects.get(pk=exemplar.pk)
    second = Exemplar.objects.get(pk=exemplar.pk)  # read before the first one's publish
    actions.publish_exemplar(actor=cast.verifier, exemplar=first)
    with pytest.raises(ActionError, match="Someone else has just changed"):
        actions.publish_exemplar(actor=cast.unit_admin, exemplar=second)
    assert Event.objects.filter(verb="exemplar.publish").count() == 1
    assert Event.objects.get(verb="exemplar.publish").actor == cast.verifier


def test_a_return_racing_a_publish_loses_cleanly(cast):
    exemplar = with_status(make_ready(cast.unit), Status.UNDER_REVIEW)
    stale = Exemplar.objects.get(pk=exemplar.pk)
    actions.publish_exemplar(actor=cast.verifier, exemplar=exemplar)
    with pytest.raises(ActionError, match="Published"):
        actions.return_exemplar(actor=cast.unit_admin, exemplar=stale, reason="不妥")
    row = Exemplar.objects.get(pk=exemplar.pk)
    assert (row.status, row.review_note) == (Status.PUBLISHED, "")


def test_a_deleted_exemplar_cannot_be_moved(cast):
    exemplar = make_ready(cast.unit)
    stale = Exemplar.objects.get(pk=exemplar.pk)
    actions.delete_exemplar(actor=None, exemplar=exemplar)
    with pytest.raises(ActionError, match="no longer exists"):
        actions.submit_exemplar(actor=None, exemplar=stale)


def test_the_whole_life_leaves_a_ledger(cast):
    exemplar = make_ready(cast.unit, actor=cast.organizer)
    actions.submit_exemplar(actor=cast.organizer, exemplar=exemplar)
    actions.return_exemplar(actor=cast.verifier, exemplar=exemplar, reason="补充")
    actions.submit_exemplar(actor=cast.organizer, exemplar=exemplar)
    actions.publish_exemplar(actor=cast.verifier, exemplar=exemplar)
    actions.archive_exemplar(actor=cast.unit_admin, exemplar=exemplar, note="年度归档")
    actions.reopen_exemplar(actor=cast.district_admin, exemplar=exemplar)
    assert moves(exemplar) == [
        ("exemplar.submit", "draft", "under_review"),
        ("exemplar.return", "under_review", "draft"),
        ("exemplar.submit", "draft", "under_review"),
        ("exemplar.publish", "under_review", "published"),
        ("exemplar.archive", "published", "archived"),
        ("exemplar.reopen", "archived", "draft"),
    ]
    # Once published, it keeps its publication date and can no longer be deleted.
    assert exemplar.published_at is not None
    with pytest.raises(ActionError, match="never published"):
        actions.delete_exemplar(actor=cast.unit_admin, exemplar=exemplar)


def test_moves_update_the_search_index(cast, search_index):
    exemplar = make_ready(cast.unit)
    actions.submit_exemplar(actor=None, exemplar=exemplar)
    search_index.clear()
    actions.publish_exemplar(actor=cast.verifier, exemplar=exemplar)
    assert search_index.last(exemplar)["published"] is True
    deed = exemplar.deeds.get()
    assert search_index.last(deed)["published"] is True
    assert search_index.last(deed)["scope_path"] == cast.unit.path
    actions.archive_exemplar(actor=cast.unit_admin, exemplar=exemplar)
    assert search_index.last(exemplar)["published"] is False
    assert search_index.last(deed)["published"] is False
