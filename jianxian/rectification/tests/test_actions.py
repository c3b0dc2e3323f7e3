"""The editing actions: problems (create, versioned update, delete), measures, progress
notes, categories. Each checks permission, validates with a clear message, writes
nothing when refused, and leaves its event."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.core.files.storage import default_storage

from jianxian.core.errors import ActionError, StaleEdit
from jianxian.core.models import Event, Unit
from jianxian.core.tests.factories import make_person
from jianxian.rectification import actions
from jianxian.rectification.models import (
    Category,
    Evidence,
    Measure,
    Problem,
    ProblemStatus,
    ProgressNote,
)
from jianxian.rectification.tests.factories import (
    TODAY,
    at,
    category,
    make_planned,
    make_problem,
    person_of,
    png_bytes,
    with_status,
)

pytestmark = pytest.mark.django_db
Status = ProblemStatus


def events(problem, verb: str) -> list[Event]:
    return list(Event.objects.filter(target_id=problem.pk, verb=f"problem.{verb}").order_by("id"))


# --- Creating -------------------------------------------------------------------


def test_create_problem_as_a_draft_with_its_event(cast):
    moment = at(TODAY)
    problem = actions.create_problem(
        actor=cast.organizer,
        unit=cast.unit,
        responsible=cast.person,
        title="  居民议事会  议题多由社区提出 ",
        description="居民参与不足。\r\n议题单一。",
        category=category("体制机制"),
        kind="deadline",
        due_date=TODAY + datetime.timedelta(days=30),
        source_kind="self_check",
        source_label="社区“两委”班子自查自纠",
        severity="serious",
        now=moment,
    )
    problem = Problem.objects.get(pk=problem.pk)
    assert (problem.title, problem.description) == (
        "居民议事会 议题多由社区提出",
        "居民参与不足。\n议题单一。",
    )
    assert (problem.status, problem.version, problem.unit_path) == ("draft", 1, cast.unit.path)
    assert (problem.created_by, problem.created_at) == (cast.organizer, moment)
    assert (problem.source_type, problem.source_id) == (None, None)
    [event] = events(problem, "create")
    assert (event.actor, event.to_status, event.created_at) == (cast.organizer, "draft", moment)
    assert event.changes["unit"] == cast.unit.pk and event.changes["source"] is None


def test_create_problem_linked_to_its_source(cast):
    # Any saved row can be the source; its name is the default label, kept as text.
    seminar_stand_in = cast.tree.district_a
    problem = make_problem(cast, source=seminar_stand_in, source_label="", source_kind="seminar")
    assert problem.source == seminar_stand_in
    assert problem.source_type == ContentType.objects.get_for_model(Unit)
    assert problem.source_label == "东城区"
    assert events(problem, "create")[0].changes["source"] == [
        problem.source_type_id,
        seminar_stand_in.pk,
    ]


def test_a_source_outside_the_actors_scope_is_refused(cast):
    with pytest.raises(PermissionDenied, match="source outside your scope"):
        make_problem(cast, actor=cast.organizer, source=cast.tree.village, source_kind="seminar")
    unsaved = Unit(name="未保存", kind="team", path="x/")
    with pytest.raises(ActionError, match="must be saved"):
        make_problem(cast, source=unsaved)


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"title": " "}, "Title is required."),
        ({"title": "问" * 121}, "Title is too long"),
        ({"kind": "someday"}, "Unknown kind"),
        ({"severity": "mild"}, "Unknown severity"),
        ({"source_kind": "rumour"}, "Unknown source"),
        ({"source_label": ""}, "Say where the problem was found."),
        ({"due_date": None}, "Give a due date"),
        ({"kind": "immediate", "due_date": None}, "Give a due date"),
        ({"review_cycle_days": 30}, "Only an ongoing effort has a review cycle"),
        ({"kind": "ongoing", "due_date": TODAY}, "An ongoing effort has no due date"),
        ({"kind": "ongoing", "due_date": None, "review_cycle_days": None}, "Give the review"),
        ({"kind": "ongoing", "due_date": None, "review_cycle_days": 0}, "from 1 to 366 days"),
        ({"kind": "ongoing", "due_date": None, "review_cycle_days": 367}, "from 1 to 366 days"),
        ({"kind": "ongoing", "due_date": None, "review_cycle_days": "30"}, "Give the review"),
        ({"description": "长" * 5001}, "Description is too long"),
    ],
)
def test_create_problem_validates(cast, changes, message):
    kwargs: dict[str, Any] = {
        "title": "问题",
        "kind": "deadline",
        "due_date": TODAY,
        "source_kind": "self_check",
        "source_label": "自查",
        "description": "",
    }
    kwargs.update(changes)
    if kwargs["kind"] == "ongoing" and "review_cycle_days" not in changes:
        kwargs["review_cycle_days"] = 30
    with pytest.raises(ActionError, match=message):
        actions.create_problem(
            actor=cast.organizer,
            unit=cast.unit,
            responsible=cast.person,
            category=category(),
            **kwargs,
        )
    assert not Problem.objects.exists()


def test_create_problem_permissions(cast):
    for user in (cast.member, cast.responsible, cast.verifier, cast.viewer, cast.other_organizer):
        with pytest.raises(PermissionDenied):
            make_problem(cast, actor=user)
    for user in (cast.organizer, cast.unit_admin, cast.district_admin, cast.city_admin):
        make_problem(cast, actor=user)
    # An organizer may not name someone they cannot see as responsible.
    stranger = person_of(cast.other_district)
    with pytest.raises(PermissionDenied, match="person outside your scope"):
        make_problem(cast, actor=cast.organizer, responsible=stranger)


def test_a_retired_category_cannot_be_chosen(cast):
    retired = category("思想境界")
    actions.update_category(
        actor=None, category=retired, version=retired.version, name="思想境界", is_active=False
    )
    with pytest.raises(ActionError, match="no longer in use"):
        make_problem(cast, category=retired)


# --- Updating ---------------------------------------------------------------------


def test_update_problem_records_what_changed(cast):
    problem = make_problem(cast)
    actions.update_problem(
        actor=cast.organizer,
        problem=problem,
        version=1,
        title="网格员入户走访“打卡式”应付",
        severity="grave",
        category=category("作风形象"),  # unchanged
    )
    problem = Problem.objects.get(pk=problem.pk)
    assert (problem.title, problem.severity, problem.version) == (
        "网格员入户走访“打卡式”应付",
        "grave",
        2,
    )
    [event] = events(problem, "update")
    assert event.changes == {
        "title": ["网格员入户走访存在应付现象", "网格员入户走访“打卡式”应付"],
        "severity": ["general", "grave"],
    }


def test_a_stale_edit_is_refused_and_nothing_is_lost(cast):
    problem = make_problem(cast)
    first = Problem.objects.get(pk=problem.pk)
    second = Problem.objects.get(pk=problem.pk)
    actions.update_problem(
        actor=cast.organizer, problem=first, version=first.version, title="甲的修改"
    )
    with pytest.raises(StaleEdit, match="changed by someone else") as refusal:
        actions.update_problem(
            actor=cast.unit_admin, problem=second, version=second.version, title="乙的修改"
        )
    assert refusal.value.status == 409
    assert Problem.objects.get(pk=problem.pk).title == "甲的修改"
    assert len(events(problem, "update")) == 1


def test_a_no_change_edit_writes_no_event_but_bumps_the_version(cast):
    problem = make_problem(cast)
    actions.update_problem(actor=cast.organizer, problem=problem, version=1)
    assert Problem.objects.get(pk=problem.pk).version == 2
    assert events(problem, "update") == []


def test_moving_a_due_date_after_planning_needs_a_reason(cast):
    problem = make_planned(cast)
    assert problem.due_date is not None
    new_date = problem.due_date + datetime.timedelta(days=30)
    with pytest.raises(ActionError, match="Say why the due date changes"):
        actions.update_problem(
            actor=cast.organizer, problem=problem, version=problem.version, due_date=new_date
        )
    actions.update_problem(
        actor=cast.organizer,
        problem=problem,
        version=problem.version,
        due_date=new_date,
        note="需与街道统一部署衔接",
    )
    [event] = events(problem, "update")
    assert event.note == "需与街道统一部署衔接"
    assert event.changes["due_date"][1] == new_date.isoformat()


def test_changing_the_kind_brings_its_own_dates(cast):
    problem = with_status(make_problem(cast), Status.RECTIFYING)
    actions.update_problem(
        actor=cast.organizer,
        problem=problem,
        version=problem.version,
        kind="ongoing",
        review_cycle_days=30,
        note="改为长期坚持",
        now=at(TODAY),
    )
    problem = Problem.objects.get(pk=problem.pk)
    assert (problem.kind, problem.due_date, problem.review_cycle_days) == ("ongoing", None, 30)
    assert problem.next_review_date == TODAY + datetime.timedelta(days=30)
    with pytest.raises(ActionError, match="Give a due date"):
        actions.update_problem(
            actor=cast.organizer, problem=problem, version=problem.version, kind="deadline"
        )


def test_the_acceptance_standard_stays_once_planned(cast):
    problem = make_planned(cast)
    with pytest.raises(ActionError, match="cannot be emptied"):
        actions.update_problem(
            actor=cast.organizer, problem=problem, version=problem.version, acceptance_standard=" "
        )


def test_moving_a_problem_to_another_unit_needs_both_units(cast):
    problem = make_problem(cast)
    with pytest.raises(PermissionDenied):
        actions.update_problem(
            actor=cast.organizer, problem=problem, version=1, unit=cast.tree.school
        )
    actions.update_problem(
        actor=cast.district_admin, problem=problem, version=1, unit=cast.tree.school
    )
    problem = Problem.objects.get(pk=problem.pk)
    assert (problem.unit, problem.unit_path) == (cast.tree.school, cast.tree.school.path)


@pytest.mark.parametrize("status", [Status.SUBMITTED, Status.CLOSED])
def test_submitted_and_closed_problems_are_frozen(cast, status):
    problem = with_status(make_problem(cast), status)
    with pytest.raises(ActionError, match="cannot be changed now"):
        actions.update_problem(
            actor=cast.city_admin, problem=problem, version=problem.version, title="改"
        )
    with pytest.raises(ActionError, match="cannot be changed now"):
        actions.add_measure(actor=cast.city_admin, problem=problem, description="新措施")


def test_only_managers_edit(cast):
    problem = make_problem(cast)
    for user in (cast.responsible, cast.verifier, cast.member, cast.other_organizer):
        with pytest.raises(PermissionDenied):
            actions.update_problem(actor=user, problem=problem, version=1, title="改")
    assert problem.can_edit(cast.organizer) and not problem.can_edit(cast.responsible)


# --- Deleting ---------------------------------------------------------------------


def test_delete_a_draft_with_its_measures(cast):
    problem = make_problem(cast)
    actions.add_measure(actor=None, problem=problem, description="措施")
    pk = problem.pk
    with pytest.raises(PermissionDenied):
        actions.delete_problem(actor=cast.responsible, problem=problem)
    actions.delete_problem(actor=cast.organizer, problem=problem)
    assert not Problem.objects.filter(pk=pk).exists() and not Measure.objects.exists()
    event = Event.objects.get(target_id=pk, verb="problem.delete")
    assert event.changes["title"] == "网格员入户走访存在应付现象"


def test_only_a_draft_without_notes_is_deleted(cast):
    planned = make_planned(cast)
    with pytest.raises(ActionError, match="Only a draft"):
        actions.delete_problem(actor=None, problem=planned)
    actions.add_progress_note(actor=None, problem=planned, body="已召开部署会。")
    actions.revise_problem(actor=None, problem=planned)
    with pytest.raises(ActionError, match="has progress notes"):
        actions.delete_problem(actor=None, problem=planned)
    assert Problem.objects.filter(pk=planned.pk).exists()


# --- Measures -----------------------------------------------------------------------


def test_measures_are_added_in_order_edited_and_removed_with_versions(cast):
    problem = make_problem(cast)
    owner = person_of(cast.member)
    first = actions.add_measure(actor=cast.organizer, problem=problem, description="制定规范")
    second = actions.add_measure(
        actor=cast.organizer, problem=problem, description="回访", owner=owner, due_date=TODAY
    )
    assert (first.position, second.position) == (0, 1)
    stale = Measure.objects.get(pk=second.pk)
    actions.update_measure(
        actor=cast.organizer, measure=second, version=second.version, description="逐户回访"
    )
    with pytest.raises(StaleEdit):
        actions.update_measure(
            actor=cast.organizer, measure=stale, version=stale.version, position=0
        )
    with pytest.raises(StaleEdit):
        actions.remove_measure(actor=cast.organizer, measure=stale, version=stale.version)
    second.refresh_from_db()
    assert (second.description, second.version, second.owner) == ("逐户回访", 2, owner)
    actions.remove_measure(actor=cast.organizer, measure=second, version=second.version)
    assert list(problem.measures.values_list("description", flat=True)) == ["制定规范"]
    verbs = [e.verb for e in Event.objects.filter(target_id=problem.pk).order_by("id")]
    assert verbs.count("problem.add_measure") == 2
    assert "problem.update_measure" in verbs and "problem.remove_measure" in verbs
    update = Event.objects.get(verb="problem.update_measure")
    assert update.changes == {"measure": second.pk, "description": ["回访", "逐户回访"]}


def test_measure_validation_and_permissions(cast):
    problem = make_problem(cast)
    with pytest.raises(ActionError, match="Measure is required"):
        actions.add_measure(actor=cast.organizer, problem=problem, description=" ")
    with pytest.raises(PermissionDenied):
        actions.add_measure(actor=cast.responsible, problem=problem, description="措施")
    with pytest.raises(PermissionDenied, match="person outside your scope"):
        actions.add_measure(
            actor=cast.organizer,
            problem=problem,
            description="措施",
            owner=person_of(cast.other_district),
        )
    measure = actions.add_measure(actor=cast.organizer, problem=problem, description="措施")
    with pytest.raises(ActionError, match="whole number"):
        actions.update_measure(
            actor=cast.organizer, measure=measure, version=measure.version, position=-1
        )


def test_marking_measures_done_while_rectifying(cast):
    problem = make_planned(cast)
    measure = problem.measures.get()
    with pytest.raises(ActionError, match="while the problem is being rectified"):
        actions.mark_measure_done(actor=cast.responsible, measure=measure)
    actions.start_problem(actor=cast.responsible, problem=problem)
    with pytest.raises(PermissionDenied):
        actions.mark_measure_done(actor=cast.member, measure=measure)
    moment = at(TODAY)
    actions.mark_measure_done(actor=cast.responsible, measure=measure, now=moment)
    measure.refresh_from_db()
    assert (measure.done, measure.done_at, measure.done_by) == (True, moment, cast.responsible)
    with pytest.raises(ActionError, match="already marked done"):
        actions.mark_measure_done(actor=cast.organizer, measure=measure)
    actions.mark_measure_undone(actor=cast.organizer, measure=measure)
    measure.refresh_from_db()
    assert (measure.done, measure.done_at, measure.done_by) == (False, None, None)
    with pytest.raises(ActionError, match="not marked done"):
        actions.mark_measure_undone(actor=cast.organizer, measure=measure)
    verbs = [e.verb for e in Event.objects.filter(target_id=problem.pk).order_by("id")]
    assert verbs[-2:] == ["problem.measure_done", "problem.measure_undone"]


def test_a_measures_owner_marks_their_own_measure_and_reports(cast):
    problem = make_problem(cast)
    mine = actions.add_measure(
        actor=None, problem=problem, description="走访", owner=person_of(cast.outsider)
    )
    other = actions.add_measure(actor=None, problem=problem, description="台账")
    actions.plan_problem(actor=None, problem=problem)
    actions.start_problem(actor=None, problem=problem)
    actions.mark_measure_done(actor=cast.outsider, measure=mine)
    with pytest.raises(PermissionDenied):
        actions.mark_measure_done(actor=cast.outsider, measure=other)
    note = actions.add_progress_note(actor=cast.outsider, problem=problem, body="已完成走访。")
    assert note.author == cast.outsider
    # ...but starting, submitting and editing stay with the responsible person and managers.
    with pytest.raises(PermissionDenied):
        actions.submit_problem(actor=cast.outsider, problem=problem)


# --- Progress notes ---------------------------------------------------------------------


def test_progress_note_with_evidence(cast):
    problem = make_planned(cast)
    moment = at(TODAY)
    note = actions.add_progress_note(
        actor=cast.responsible,
        problem=problem,
        body="已召开专题会，制定走访规范。",
        files=[("../../etc/会议照片\x00.png", png_bytes()), ("规范.pdf", _pdf())],
        now=moment,
    )
    assert (note.author, note.created_at) == (cast.responsible, moment)
    photo, pdf = Evidence.objects.filter(note=note).order_by("id")
    assert (photo.original_name, photo.media_type) == ("会议照片.png", "image/png")
    assert (pdf.original_name, pdf.media_type) == ("规范.pdf", "application/pdf")
    for evidence in (photo, pdf):
        name = evidence.file.name or ""
        assert name.startswith("rectification/evidence/") and default_storage.exists(name)
        assert evidence.size == default_storage.size(name) and len(evidence.sha256) == 64
    assert name.endswith(".pdf")
    event = Event.objects.get(verb="problem.add_note")
    assert event.changes["note"] == note.pk and len(event.changes["files"]) == 2


def test_progress_notes_rules(cast):
    draft = make_problem(cast)
    with pytest.raises(ActionError, match="while the plan is carried out"):
        actions.add_progress_note(actor=None, problem=draft, body="x")
    planned = make_planned(cast, "另一个问题")
    with pytest.raises(ActionError, match="Progress is required"):
        actions.add_progress_note(actor=cast.responsible, problem=planned, body="  ")
    for user in (cast.member, cast.verifier, cast.viewer):
        with pytest.raises(PermissionDenied):
            actions.add_progress_note(actor=user, problem=planned, body="x")
    with pytest.raises(ActionError, match="attached twice"):
        actions.add_progress_note(
            actor=None,
            problem=planned,
            body="x",
            files=[("a.png", png_bytes()), ("b.png", png_bytes())],
        )
    many = [(f"{i}.png", png_bytes(colour=(i, 0, 0))) for i in range(11)]
    with pytest.raises(ActionError, match="at most 10 files"):
        actions.add_progress_note(actor=None, problem=planned, body="x", files=many)
    assert not ProgressNote.objects.exists() and not Evidence.objects.exists()


# --- Categories ---------------------------------------------------------------------------


def test_categories_are_kept_by_a_city_admin(cast):
    with pytest.raises(PermissionDenied):
        actions.create_category(actor=cast.district_admin, name="纪律规矩")
    created = actions.create_category(actor=cast.city_admin, name="纪律规矩", name_en="Discipline")
    with pytest.raises(ActionError, match="already exists"):
        actions.create_category(actor=cast.city_admin, name="纪律规矩")
    actions.update_category(
        actor=cast.city_admin, category=created, version=1, name="纪律规矩", position=60
    )
    with pytest.raises(StaleEdit):
        actions.update_category(actor=cast.city_admin, category=created, version=1, name="x")
    used = category()
    make_problem(cast, category=used)
    with pytest.raises(ActionError, match="retire it instead"):
        actions.delete_category(actor=cast.city_admin, category=used)
    actions.delete_category(actor=cast.city_admin, category=created)
    assert not Category.objects.filter(name="纪律规矩").exists()


def test_a_responsible_person_may_be_anyone_the_manager_sees(cast):
    # A person with a post in the team under the community is in the organizer's scope.
    person = make_person("赵组长", cast.tree.team)
    problem = make_problem(cast, actor=cast.organizer, responsible=person)
    assert problem.responsible == person


def _pdf() -> bytes:
    from jianxian.rectification.tests.factories import pdf_bytes

    return pdf_bytes()
