"""The ledger pages' forms and buttons: recording and editing a problem (stale edits),
measures, progress with evidence, the workflow moves, the verifiers' judgements, the
evidence download, and the messages a refusal shows."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from jianxian.core.models import Event
from jianxian.rectification import actions
from jianxian.rectification.models import (
    Evidence,
    Measure,
    Problem,
    ProblemStatus,
    ProgressNote,
    Verification,
)
from jianxian.rectification.tests.factories import (
    category,
    finish_work,
    pdf_bytes,
    person_of,
    png_bytes,
)
from jianxian.rectification.tests.test_views import (
    as_user,
    days,
    make_planned,
    make_problem,
)

pytestmark = pytest.mark.django_db
Status = ProblemStatus


def url(name: str, *args: Any) -> str:
    return reverse(f"rectification:{name}", args=args)


def followed(response: Any) -> str:
    return response.content.decode()


def jpeg_upload(name: str = "现场照片.jpg") -> SimpleUploadedFile:
    import io

    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (80, 60), (200, 60, 40)).save(buffer, "JPEG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


def rectifying(cast: Any, title: str = "网格员入户走访存在应付现象") -> Problem:
    problem = make_planned(cast, title)
    return actions.start_problem(actor=None, problem=problem)


def submitted(cast: Any, title: str = "网格员入户走访存在应付现象") -> Problem:
    problem = rectifying(cast, title)
    finish_work(problem)
    return actions.submit_problem(actor=cast.responsible, problem=problem)


# --- Recording and editing ----------------------------------------------------


def problem_form(cast: Any, **overrides: Any) -> dict[str, Any]:
    form = {
        "unit": cast.unit.pk,
        "title": "为民服务窗口存在推诿现象",
        "responsible_ref": "张整改",
        "category": category().pk,
        "severity": "serious",
        "source_kind": "public_feedback",
        "source_label": "12345热线群众反映",
        "kind": "deadline",
        "due_date": days(30).isoformat(),
        "review_cycle_days": "",
        "description": "群众反映办事窗口多次推诿。",
        "acceptance_standard": "群众回访满意率达到95%",
    }
    form.update(overrides)
    return form


def test_record_a_problem(client, cast):
    as_user(client, cast.organizer)
    page = client.get(url("problem_create"))
    assert page.status_code == 200 and "幸福社区" in followed(page)
    response = client.post(url("problem_create"), problem_form(cast))
    problem = Problem.objects.get(title="为民服务窗口存在推诿现象")
    assert response["Location"] == url("problem_detail", problem.pk)
    assert problem.responsible == cast.person and problem.status == Status.DRAFT
    assert problem.severity == "serious" and problem.due_date == days(30)
    assert problem.created_by == cast.organizer


def test_record_a_problem_refusals_keep_what_was_typed(client, cast):
    as_user(client, cast.organizer)
    unknown = client.post(url("problem_create"), problem_form(cast, responsible_ref="查无此人"))
    assert "No one you can see has this staff number or name." in followed(unknown)
    assert "群众反映办事窗口多次推诿。" in followed(unknown)
    no_date = client.post(url("problem_create"), problem_form(cast, due_date=""))
    assert "Give a due date" in followed(no_date)
    # An ongoing effort drops a stray due date and needs its cycle.
    ongoing = client.post(url("problem_create"), problem_form(cast, kind="ongoing"))
    assert "Give the review cycle of an ongoing effort, in days." in followed(ongoing)
    client.post(url("problem_create"), problem_form(cast, kind="ongoing", review_cycle_days=90))
    created = Problem.objects.get()
    assert created.kind == "ongoing" and created.due_date is None
    assert created.review_cycle_days == 90


def test_only_managers_record_problems(client, cast):
    assert as_user(client, cast.member).get(url("problem_create")).status_code == 403
    assert (
        as_user(Client(), cast.verifier).post(url("problem_create"), problem_form(cast)).status_code
        == 403
    )
    # A unit the organizer does not run is refused by the form's choices.
    as_user(Client(), cast.organizer)
    response = as_user(Client(), cast.organizer).post(
        url("problem_create"), problem_form(cast, unit=cast.tree.village.pk)
    )
    assert response.status_code == 200 and not Problem.objects.exists()


def edit_form(problem: Problem, **overrides: Any) -> dict[str, Any]:
    form = {
        "title": problem.title,
        "responsible_ref": problem.responsible.name,
        "category": problem.category_id,
        "severity": problem.severity,
        "source_kind": problem.source_kind,
        "source_label": problem.source_label,
        "kind": problem.kind,
        "due_date": problem.due_date.isoformat() if problem.due_date else "",
        "review_cycle_days": problem.review_cycle_days or "",
        "description": problem.description,
        "acceptance_standard": problem.acceptance_standard,
        "note": "",
        "version": problem.version,
    }
    form.update(overrides)
    return form


def test_edit_a_problem_and_a_stale_edit_is_refused(client, cast):
    problem = make_problem(cast)
    as_user(client, cast.organizer)
    page = followed(client.get(url("problem_edit", problem.pk)))
    assert f'name="version" value="{problem.version}"' in page and "张整改" in page
    stale = edit_form(problem, title="别人已改过的标题")
    response = client.post(url("problem_edit", problem.pk), edit_form(problem, title="新标题"))
    assert response["Location"] == url("problem_detail", problem.pk)
    response = client.post(url("problem_edit", problem.pk), stale)
    assert "changed by someone else" in followed(response)
    assert "别人已改过的标题" in followed(response)  # what was typed is still there
    problem.refresh_from_db()
    assert problem.title == "新标题"


def test_moving_the_due_date_of_a_plan_needs_a_reason(client, cast):
    problem = make_planned(cast)
    as_user(client, cast.organizer)
    assert problem.due_date is not None
    later = (problem.due_date + datetime.timedelta(days=14)).isoformat()
    response = client.post(url("problem_edit", problem.pk), edit_form(problem, due_date=later))
    assert "Say why the due date changes." in followed(response)
    response = client.post(
        url("problem_edit", problem.pk), edit_form(problem, due_date=later, note="汛期顺延")
    )
    assert response.status_code == 302
    event = Event.objects.filter(verb="problem.update").get()
    assert event.note == "汛期顺延"


def test_a_submitted_problem_is_not_edited(client, cast):
    problem = submitted(cast)
    assert as_user(client, cast.organizer).get(url("problem_edit", problem.pk)).status_code == 403
    assert (
        as_user(Client(), cast.other_organizer).get(url("problem_edit", problem.pk)).status_code
        == 404
    )


def test_delete_a_draft_after_confirming(client, cast):
    problem = make_problem(cast)
    as_user(client, cast.organizer)
    page = followed(client.get(url("problem_delete", problem.pk)))
    assert problem.title in page and 'data-testid="confirm-remove"' in page
    response = client.post(url("problem_delete", problem.pk))
    assert response["Location"] == url("ledger")
    assert not Problem.objects.exists()
    planned = make_planned(cast)
    assert client.get(url("problem_delete", planned.pk)).status_code == 403


# --- Measures -----------------------------------------------------------------


def test_add_edit_and_remove_a_measure(client, cast):
    problem = make_problem(cast)
    as_user(client, cast.organizer)
    response = client.post(
        url("measure_add", problem.pk),
        {"description": "开展窗口作风专项整治", "owner_ref": "王社员", "due_date": ""},
    )
    assert response["Location"] == url("problem_detail", problem.pk)
    measure = Measure.objects.get()
    assert measure.owner == person_of(cast.member)
    form = {"description": "开展窗口作风专项整治行动", "owner_ref": "", "due_date": "",
            "version": measure.version}  # fmt: skip
    client.post(url("measure_edit", measure.pk), form)
    measure.refresh_from_db()
    assert measure.description == "开展窗口作风专项整治行动" and measure.owner is None
    stale = client.post(url("measure_edit", measure.pk), {**form, "description": "旧版本"})
    assert "This measure was changed by someone else." in followed(stale)
    page = followed(client.get(url("measure_remove", measure.pk)))
    assert "开展窗口作风专项整治行动" in page
    client.post(url("measure_remove", measure.pk), {"version": measure.version})
    assert not Measure.objects.exists()


def test_only_managers_change_measures(client, cast):
    problem = make_problem(cast)
    actions.add_measure(actor=None, problem=problem, description="措施一")
    measure = Measure.objects.get()
    as_user(client, cast.responsible)
    assert client.get(url("measure_add", problem.pk)).status_code == 403
    assert client.get(url("measure_edit", measure.pk)).status_code == 403
    assert client.post(url("measure_remove", measure.pk)).status_code == 403
    assert (
        as_user(Client(), cast.other_organizer).get(url("measure_edit", measure.pk)).status_code
        == 404
    )


def test_tick_a_measure_done_and_back(client, cast):
    problem = rectifying(cast)
    measure = problem.measures.get()
    as_user(client, cast.responsible)
    page = followed(client.get(url("problem_detail", problem.pk)))
    assert 'data-testid="measure-done"' in page
    response = client.post(url("measure_done", measure.pk), {"done": "1"}, follow=True)
    assert "Measure marked done." in followed(response)
    measure.refresh_from_db()
    assert measure.done and measure.done_by == cast.responsible
    again = client.post(url("measure_done", measure.pk), {"done": "1"}, follow=True)
    assert "This measure is already marked done." in followed(again)
    client.post(url("measure_done", measure.pk), {"done": "0"})
    measure.refresh_from_db()
    assert not measure.done
    assert as_user(Client(), cast.viewer).post(url("measure_done", measure.pk)).status_code == 403
    assert client.get(url("measure_done", measure.pk)).status_code == 405


# --- Progress and evidence ----------------------------------------------------


def test_report_progress_with_several_files(client, cast):
    problem = rectifying(cast)
    as_user(client, cast.responsible)
    page = followed(client.get(url("note_add", problem.pk)))
    assert 'type="file"' in page and " multiple" in page
    pdf = SimpleUploadedFile("整改报告.pdf", pdf_bytes(), content_type="application/pdf")
    response = client.post(
        url("note_add", problem.pk), {"body": "已完成整改。", "evidence": [jpeg_upload(), pdf]}
    )
    assert response["Location"] == url("problem_detail", problem.pk)
    note = ProgressNote.objects.get()
    assert note.author == cast.responsible
    assert sorted(e.original_name for e in note.evidence.all()) == ["整改报告.pdf", "现场照片.jpg"]


def test_a_bad_file_refuses_the_note_and_names_the_file(client, cast):
    problem = rectifying(cast)
    as_user(client, cast.responsible)
    fake = SimpleUploadedFile("照片.jpg", b"MZ not a photo", content_type="image/jpeg")
    response = client.post(
        url("note_add", problem.pk), {"body": "已完成整改。", "evidence": [jpeg_upload(), fake]}
    )
    text = followed(response)
    assert response.status_code == 200 and "照片.jpg" in text and "已完成整改。" in text
    assert 'data-testid="error-evidence"' in text
    assert not ProgressNote.objects.exists() and not Evidence.objects.exists()


def test_who_may_report_progress(client, cast):
    draft = make_problem(cast)
    assert as_user(client, cast.responsible).get(url("note_add", draft.pk)).status_code == 403
    problem = rectifying(cast)
    assert as_user(Client(), cast.member).get(url("note_add", problem.pk)).status_code == 403
    assert as_user(Client(), cast.organizer).get(url("note_add", problem.pk)).status_code == 200


def test_evidence_is_served_only_to_who_sees_the_problem(client, cast):
    problem = rectifying(cast)
    actions.add_progress_note(
        actor=None,
        problem=problem,
        body="佐证材料",
        files=[("现场.png", png_bytes()), ("报告.pdf", pdf_bytes())],
    )
    photo, document = Evidence.objects.order_by("id")
    as_user(client, cast.member)
    image = client.get(url("evidence", photo.pk))
    assert image.status_code == 200 and image["Content-Type"] == "image/png"
    assert image["Content-Disposition"].startswith("inline")
    assert image["X-Content-Type-Options"] == "nosniff"
    download = client.get(url("evidence", document.pk))
    assert download["Content-Type"] == "application/pdf"
    assert download["Content-Disposition"].startswith("attachment")
    assert "filename*=utf-8''%E6%8A%A5%E5%91%8A.pdf" in download["Content-Disposition"]
    assert b"".join(download.streaming_content).startswith(b"%PDF")
    assert as_user(Client(), cast.other_organizer).get(url("evidence", photo.pk)).status_code == 404
    assert Client().get(url("evidence", photo.pk)).status_code == 302


# --- The workflow -------------------------------------------------------------


def test_plan_start_submit_through_the_buttons(client, cast):
    problem = make_problem(cast)
    as_user(client, cast.organizer)
    refused = client.post(url("problem_move", problem.pk, "plan"), follow=True)
    assert "The plan needs at least one measure." in followed(refused)
    actions.add_measure(actor=None, problem=problem, description="措施一")
    client.post(url("problem_move", problem.pk, "plan"))
    problem.refresh_from_db()
    assert problem.status == Status.PLANNED
    as_user(client, cast.responsible)
    client.post(url("problem_move", problem.pk, "start"))
    problem.refresh_from_db()
    assert problem.status == Status.RECTIFYING
    early = client.post(url("problem_move", problem.pk, "submit"), follow=True)
    assert "1 measure(s) are not done yet" in followed(early)
    finish_work(problem)
    done = client.post(url("problem_move", problem.pk, "submit"), follow=True)
    assert "Submitted for acceptance." in followed(done)
    problem.refresh_from_db()
    assert problem.status == Status.SUBMITTED and problem.submitted_by == cast.responsible


def test_the_move_buttons_refuse_what_the_user_may_not_do(client, cast):
    problem = make_planned(cast)
    assert (
        as_user(client, cast.viewer).post(url("problem_move", problem.pk, "start")).status_code
        == 403
    )
    assert (
        as_user(client, cast.organizer).post(url("problem_move", problem.pk, "close")).status_code
        == 404
    )  # not a button
    assert client.get(url("problem_move", problem.pk, "start")).status_code == 405
    assert (
        as_user(Client(), cast.other_organizer)
        .post(url("problem_move", problem.pk, "start"))
        .status_code
        == 404
    )


def test_a_verifier_closes_with_a_score(client, cast):
    problem = submitted(cast)
    as_user(client, cast.verifier)
    bad = client.post(url("problem_close", problem.pk), {"score": "150", "comment": "好"})
    assert bad.status_code == 200 and 'data-testid="error-score"' in followed(bad)
    no_comment = client.post(url("problem_close", problem.pk), {"score": "90", "comment": ""})
    assert 'data-testid="error-comment"' in followed(no_comment)
    response = client.post(
        url("problem_close", problem.pk), {"score": "92", "comment": "整改到位，群众满意"}
    )
    assert response["Location"] == url("problem_detail", problem.pk)
    problem.refresh_from_db()
    assert problem.status == Status.CLOSED and problem.effectiveness_score == 92
    assert Verification.objects.get().comment == "整改到位，群众满意"
    # Closed already: the form sends the verifier back with the message.
    late = client.get(url("problem_close", problem.pk), follow=True)
    assert "Only a problem awaiting acceptance can be closed." in followed(late)


def test_the_responsible_person_and_the_submitter_cannot_accept(client, cast):
    problem = submitted(cast)
    assert (
        as_user(client, cast.responsible).get(url("problem_close", problem.pk)).status_code == 403
    )
    # A verifier who submitted it themselves may not accept it either; the page says why.
    other = rectifying(cast, "第二个问题")
    finish_work(other)
    actions.submit_problem(actor=cast.city_admin, problem=other)
    as_user(client, cast.city_admin)
    assert client.get(url("problem_close", other.pk)).status_code == 403
    page = followed(client.get(url("problem_detail", other.pk)))
    assert 'data-testid="close-form"' not in page
    assert "Someone other than the submitter must accept this rectification." in page
    assert (
        as_user(Client(), cast.organizer)
        .post(url("problem_close", problem.pk), {"score": "90", "comment": "好"})
        .status_code
        == 403
    )
    problem.refresh_from_db()
    assert problem.status == Status.SUBMITTED


def test_a_verifier_returns_it_with_a_reason(client, cast):
    problem = submitted(cast)
    as_user(client, cast.verifier)
    empty = client.post(url("problem_return", problem.pk), {"reason": " "})
    assert 'data-testid="error-reason"' in followed(empty)
    client.post(url("problem_return", problem.pk), {"reason": "佐证材料不足"})
    problem.refresh_from_db()
    assert problem.status == Status.RECTIFYING
    assert Event.objects.get(verb="problem.return").note == "佐证材料不足"


def test_the_recheck_confirms_or_reopens(client, cast):
    problem = submitted(cast)
    actions.close_problem(actor=cast.verifier, problem=problem, score=90, comment="整改到位")
    as_user(client, cast.verifier)
    page = followed(client.get(url("problem_detail", problem.pk)))
    assert 'data-testid="recheck-form"' in page
    no_reason = client.post(url("problem_recheck", problem.pk), {"decision": "reopened"})
    assert "Give the reason." in followed(no_reason)
    client.post(url("problem_recheck", problem.pk), {"decision": "confirmed", "comment": "无反弹"})
    problem.refresh_from_db()
    assert problem.status == Status.CLOSED and problem.recheck_due is None
    client.post(url("problem_recheck", problem.pk), {"decision": "reopened", "comment": "问题反弹"})
    problem.refresh_from_db()
    assert problem.status == Status.RECTIFYING and problem.reopen_count == 1
    assert "Reopened 1 time" in followed(client.get(url("problem_detail", problem.pk)))
    refusal = as_user(Client(), cast.responsible).get(url("problem_recheck", problem.pk))
    assert refusal.status_code == 302  # no longer closed: back to the page with the message


def test_the_periodic_review_of_an_ongoing_effort(client, cast):
    problem = make_planned(cast, "长期坚持的作风建设", kind="ongoing")
    actions.start_problem(actor=None, problem=problem)
    problem.refresh_from_db()
    due = problem.next_review_date
    as_user(client, cast.verifier)
    page = followed(client.get(url("problem_detail", problem.pk)))
    assert 'data-testid="review-form"' in page and 'data-testid="move-submit"' not in page
    client.post(url("problem_review", problem.pk), {"comment": "本季度落实较好", "score": "85"})
    problem.refresh_from_db()
    assert problem.next_review_date and due and problem.next_review_date > due
    assert Verification.objects.get().score == 85
    assert (
        as_user(Client(), cast.responsible).get(url("problem_review", problem.pk)).status_code
        == 403
    )
    deadline = rectifying(cast, "限期整改的问题")
    assert (
        as_user(Client(), cast.verifier).get(url("problem_review", deadline.pk)).status_code == 403
    )
