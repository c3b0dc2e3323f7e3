"""The rectification API at /api/v1/rectification: a problem from draft to closed and
re-checked, evidence uploads and downloads, versioned edits, the race between two
verifiers, validation, visibility, the ledger's filters and counts, and tokens."""

from __future__ import annotations

import datetime
import io
import json
import threading
from typing import Any

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.utils import timezone

from jianxian.core import actions as core_actions
from jianxian.core.models import Event
from jianxian.rectification import access, actions
from jianxian.rectification.models import (
    Category,
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
    make_problem,
    pdf_bytes,
    person_of,
    png_bytes,
    with_status,
)

pytestmark = pytest.mark.django_db

API = "/api/v1/rectification"
Status = ProblemStatus


def client_for(user: Any, *, csrf: bool = False) -> Client:
    """A signed-in browser session; messages asked for in English, the msgid language."""
    client = Client(enforce_csrf_checks=csrf)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    client.force_login(user)
    return client


def send(client: Client, method: str, url: str, data: Any = None):
    body = json.dumps(data) if data is not None else ""
    return client.generic(method, url, body, content_type="application/json")


def ok(response, status: int = 200) -> Any:
    assert response.status_code == status, response.content
    return response.json() if status != 204 else None


def error(response, status: int) -> str:
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith("application/json")
    detail = response.json()["detail"]
    assert isinstance(detail, str) and detail
    return detail


def titles(response) -> list[str]:
    return sorted(item["title"] for item in ok(response)["items"])


def downloaded(response: Any) -> bytes:
    """The body of a file response (streamed)."""
    return b"".join(response.streaming_content)


def ledger_sheet(response: Any) -> Any:
    """The exported workbook's ledger sheet."""
    from openpyxl import load_workbook

    assert response.status_code == 200, response.content
    return load_workbook(io.BytesIO(downloaded(response))).active


def in_days(days: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=days)


def new_problem(cast, **fields: Any) -> dict[str, Any]:
    return {
        "unit_id": cast.unit.pk,
        "responsible_id": cast.person.pk,
        "title": "网格员入户走访存在应付现象",
        "category_id": category().pk,
        "kind": "deadline",
        "due_date": in_days(30).isoformat(),
        "source_kind": "self_check",
        "source_label": "社区“两委”班子自查自纠",
        "acceptance_standard": "走访台账与入户记录一致",
        **fields,
    }


def move(user, problem_id: int, verb: str, data: dict[str, Any] | None = None):
    return send(client_for(user), "POST", f"{API}/problems/{problem_id}/{verb}", data or {})


def post_note(user, problem_id: int, body: str, *files: tuple[str, bytes, str]):
    uploads = [
        SimpleUploadedFile(name, content, content_type=kind) for name, content, kind in files
    ]
    data: dict[str, Any] = {"body": body}
    if uploads:
        data["files"] = uploads
    return client_for(user).post(f"{API}/problems/{problem_id}/notes", data)


def row(problem_id: int) -> Problem:
    return Problem.objects.get(pk=problem_id)


# --- The whole way, through the API ------------------------------------------------


def test_a_problem_from_finding_to_acceptance_and_recheck(cast):
    organizer = client_for(cast.organizer)
    created = ok(send(organizer, "POST", f"{API}/problems", new_problem(cast)), 201)
    pk = created["id"]
    assert (created["status"], created["version"], created["can_edit"]) == ("draft", 1, True)
    assert (
        created["responsible_name"] == "张整改"
        and created["category"] == "Work style and public image"
    )
    assert created["allowed_actions"] == ["plan"]

    measure = ok(
        send(
            organizer,
            "POST",
            f"{API}/problems/{pk}/measures",
            {"description": "制定入户走访工作规范", "owner_id": cast.person.pk},
        ),
        201,
    )
    assert (measure["owner_name"], measure["done"], measure["version"]) == ("张整改", False, 1)
    planned = ok(move(cast.organizer, pk, "plan"))
    assert planned["status"] == "planned"
    assert [m["description"] for m in planned["measures"]] == ["制定入户走访工作规范"]

    # The responsible person carries it out: starts, ticks the measure, reports with
    # evidence, submits.
    assert ok(move(cast.responsible, pk, "start"))["status"] == "rectifying"
    done = ok(send(client_for(cast.responsible), "POST", f"{API}/measures/{measure['id']}/done"))
    assert done["done"] and done["done_at"]
    note = ok(
        post_note(
            cast.responsible,
            pk,
            "走访规范已印发，网格员逐户补录走访记录。",
            ("走访记录.png", png_bytes(), "image/png"),
            ("整改报告.pdf", pdf_bytes(), "application/pdf"),
        ),
        201,
    )
    assert [(e["original_name"], e["media_type"]) for e in note["evidence"]] == [
        ("走访记录.png", "image/png"),
        ("整改报告.pdf", "application/pdf"),
    ]
    assert note["author_name"] == "张整改"
    submitted = ok(move(cast.responsible, pk, "submit", {"note": "请验收"}))
    assert submitted["status"] == "submitted"
    assert submitted["can_edit"] is False and submitted["evidence_count"] == 2

    # The verifier (not the responsible person) accepts and closes it with a score.
    seen = ok(client_for(cast.verifier).get(f"{API}/problems/{pk}"))
    assert seen["allowed_actions"] == ["close", "return"]
    closed = ok(move(cast.verifier, pk, "close", {"score": 92, "comment": "整改到位，同意销号"}))
    assert (closed["status"], closed["effectiveness_score"]) == ("closed", 92)
    assert closed["recheck_due"] is not None
    assert [(v["kind"], v["decision"], v["score"]) for v in closed["verifications"]] == [
        ("acceptance", "accepted", 92)
    ]

    # Six months on, the re-check finds it has come back: reopened.
    reopened = ok(move(cast.verifier, pk, "recheck", {"decision": "reopen", "comment": "反弹"}))
    assert (reopened["status"], reopened["reopen_count"]) == ("rectifying", 1)
    assert reopened["effectiveness_score"] is None

    history = ok(organizer.get(f"{API}/problems/{pk}/history"))
    verbs = [event["verb"] for event in history["items"]]
    assert verbs == [
        "problem.reopen",
        "problem.close",
        "problem.submit",
        "problem.add_note",
        "problem.measure_done",
        "problem.start",
        "problem.plan",
        "problem.add_measure",
        "problem.create",
    ]
    close = history["items"][1]
    assert (close["from_status"], close["to_status"], close["note"]) == (
        "submitted",
        "closed",
        "整改到位，同意销号",
    )
    assert close["actor_name"] == cast.verifier.username and close["label"]


def test_recheck_confirms_and_review_of_an_ongoing_effort(cast):
    problem = with_status(make_problem(cast), Status.CLOSED)
    confirmed = ok(move(cast.verifier, problem.pk, "recheck", {"decision": "confirm"}))
    assert (confirmed["status"], confirmed["recheck_due"]) == ("closed", None)
    assert confirmed["effectiveness_score"] == 90  # the acceptance stands
    assert [(v["kind"], v["decision"]) for v in confirmed["verifications"]] == [
        ("acceptance", "accepted"),
        ("recheck", "confirmed"),
    ]
    error(move(cast.verifier, problem.pk, "recheck", {"decision": "maybe"}), 422)

    ongoing = with_status(make_problem(cast, "学习制度坚持不够", kind="ongoing"), Status.RECTIFYING)
    detail = ok(client_for(cast.verifier).get(f"{API}/problems/{ongoing.pk}"))
    assert detail["allowed_actions"] == ["review"]
    reviewed = ok(
        move(cast.verifier, ongoing.pk, "review", {"comment": "本季度坚持较好", "score": 85})
    )
    assert ongoing.next_review_date is not None
    assert reviewed["next_review_date"] > ongoing.next_review_date.isoformat()
    assert reviewed["verifications"][-1]["score"] == 85
    assert "reviewed each cycle" in error(move(cast.organizer, ongoing.pk, "submit"), 400)
    assert "awaiting acceptance" in error(move(cast.verifier, ongoing.pk, "close", {}), 400)
    error(move(cast.verifier, ongoing.pk, "review", {"comment": ""}), 400)


# --- Evidence ------------------------------------------------------------------------


def rectifying(cast, title: str = "网格员入户走访存在应付现象") -> Problem:
    return with_status(make_problem(cast, title, due_date=in_days(30)), Status.RECTIFYING)


def test_evidence_download_is_an_access_checked_attachment(cast):
    problem = rectifying(cast)
    note = ok(
        post_note(
            cast.responsible, problem.pk, "已整改", ("现场照片.png", png_bytes(), "image/png")
        ),
        201,
    )
    evidence = note["evidence"][0]
    assert evidence["url"] == f"{API}/evidence/{evidence['id']}"
    response = client_for(cast.verifier).get(evidence["url"])
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response["X-Content-Type-Options"] == "nosniff"
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment;") and "%E7%8E%B0%E5%9C%BA" in disposition
    content = downloaded(response)
    assert content[:8] == b"\x89PNG\r\n\x1a\n" and len(content) == evidence["size"]
    # Outside the problem's sight the file does not exist.
    error(client_for(cast.other_district).get(evidence["url"]), 404)
    error(client_for(cast.school_staff).get(evidence["url"]), 404)
    error(Client().get(evidence["url"]), 401)
    listed = ok(client_for(cast.member).get(f"{API}/problems/{problem.pk}/notes"))
    assert listed["items"][0]["evidence"][0]["id"] == evidence["id"]


def test_evidence_is_checked_by_content_and_a_bad_file_refuses_the_note(cast):
    problem = rectifying(cast)
    script = ("照片.png", b"<?php system($_GET['c']); ?>", "image/png")
    detail = error(
        post_note(
            cast.responsible, problem.pk, "已整改", ("a.png", png_bytes(), "image/png"), script
        ),
        400,
    )
    assert "照片.png" in detail
    polyglot = ("b.pdf", png_bytes() + b"<script>alert(1)</script>", "application/pdf")
    error(post_note(cast.responsible, problem.pk, "已整改", polyglot), 400)
    assert not ProgressNote.objects.exists() and not Evidence.objects.exists()
    # A note without files is a plain progress report; a note without a body is not.
    assert ok(post_note(cast.responsible, problem.pk, "正在逐户回访"), 201)["evidence"] == []
    assert "required" in error(post_note(cast.responsible, problem.pk, ""), 400)
    # Plain staff of the unit and the verifier do not report progress.
    error(post_note(cast.member, problem.pk, "我也来写"), 403)
    error(post_note(cast.other_district, problem.pk, "外区"), 404)


def test_submitting_needs_every_measure_done_and_evidence(cast):
    problem = rectifying(cast)
    assert "not done" in error(move(cast.responsible, problem.pk, "submit"), 400)
    measure = problem.measures.get()
    ok(send(client_for(cast.responsible), "POST", f"{API}/measures/{measure.pk}/done"))
    assert "already" in error(
        send(client_for(cast.responsible), "POST", f"{API}/measures/{measure.pk}/done"), 400
    )
    assert "evidence" in error(move(cast.responsible, problem.pk, "submit"), 400)
    ok(post_note(cast.responsible, problem.pk, "已整改", ("a.png", png_bytes(), "image/png")), 201)
    assert ok(move(cast.responsible, problem.pk, "submit"))["status"] == "submitted"
    assert row(problem.pk).submitted_by == cast.responsible


# --- Versions and races -----------------------------------------------------------------


def test_a_stale_edit_is_409_and_nothing_is_lost(cast):
    problem = make_problem(cast, due_date=in_days(30))
    url = f"{API}/problems/{problem.pk}"
    first, second = client_for(cast.organizer), client_for(cast.unit_admin)
    assert ok(first.get(url))["version"] == ok(second.get(url))["version"] == 1
    saved = ok(send(first, "PATCH", url, {"version": 1, "title": "入户走访记录不实"}))
    assert saved["version"] == 2
    detail = error(
        send(second, "PATCH", url, {"version": 1, "description": "抽查十户有三户未走访"}), 409
    )
    assert "Reload" in detail
    problem = row(problem.pk)
    assert (problem.title, problem.description, problem.version) == ("入户走访记录不实", "", 2)
    assert Event.objects.filter(verb="problem.update").count() == 1
    # Reloaded, the second edit goes through on top of the first.
    again = ok(send(second, "PATCH", url, {"version": 2, "description": "抽查十户有三户未走访"}))
    assert (again["title"], again["description"], again["version"]) == (
        "入户走访记录不实",
        "抽查十户有三户未走访",
        3,
    )
    error(send(first, "PATCH", url, {"title": "没有版本"}), 422)


def test_editing_the_record(cast):
    problem = with_status(make_problem(cast, due_date=in_days(30)), Status.PLANNED)
    url = f"{API}/problems/{problem.pk}"
    client = client_for(cast.organizer)
    body = {"version": problem.version, "due_date": in_days(45).isoformat()}
    assert "why" in error(send(client, "PATCH", url, body), 400)
    edited = ok(
        send(client, "PATCH", url, {**body, "note": "需协调物业配合", "severity": "serious"})
    )
    assert (edited["due_date"], edited["severity"]) == (in_days(45).isoformat(), "serious")
    event = Event.objects.filter(verb="problem.update").latest("id")
    assert event.note == "需协调物业配合" and "due_date" in event.changes
    # An ongoing effort has no due date: changing the kind drops it.
    ongoing = ok(
        send(
            client,
            "PATCH",
            url,
            {
                "version": edited["version"],
                "kind": "ongoing",
                "review_cycle_days": 90,
                "note": "转为长期坚持",
            },
        )
    )
    assert (ongoing["kind"], ongoing["due_date"], ongoing["review_cycle_days"]) == (
        "ongoing",
        None,
        90,
    )
    error(send(client, "PATCH", url, {"version": ongoing["version"], "category_id": 999999}), 400)
    error(
        send(
            client,
            "PATCH",
            url,
            {"version": ongoing["version"], "responsible_id": person_of(cast.other_district).pk},
        ),
        400,
    )
    error(
        send(client_for(cast.member), "PATCH", url, {"version": ongoing["version"], "title": "x"}),
        403,
    )


def test_two_verifiers_closing_at_once_exactly_one_succeeds(cast, monkeypatch):
    """The second verifier's request read the problem while it awaited acceptance; the
    first one's close lands before it moves. Exactly one close is recorded."""
    problem = with_status(make_problem(cast), Status.SUBMITTED)
    fetch = access.get_problem_for_user

    def fetch_while_another_closes(user: Any, pk: int, **kwargs: Any) -> Problem:
        seen = fetch(user, pk, **kwargs)
        actions.close_problem(actor=cast.city_admin, problem=row(pk), score=70, comment="同意")
        return seen

    monkeypatch.setattr(access, "get_problem_for_user", fetch_while_another_closes)
    response = move(cast.verifier, problem.pk, "close", {"score": 95, "comment": "同意销号"})
    monkeypatch.undo()
    assert "Someone else has just changed this problem" in error(response, 409)
    problem = row(problem.pk)
    assert (problem.closed_by, problem.effectiveness_score) == (cast.city_admin, 70)
    assert Verification.objects.filter(problem=problem).count() == 1
    assert Event.objects.filter(verb="problem.close").count() == 1
    # A verifier who sends the version read is told at once, before anything is tried.
    stale = {"decision": "confirm", "version": problem.version - 1}
    assert "Reload" in error(move(cast.verifier, problem.pk, "recheck", stale), 409)
    assert Verification.objects.filter(problem=problem).count() == 1


if settings.DATABASES["default"]["ENGINE"].endswith("postgresql"):
    # Real concurrency needs a server that runs two transactions at once; on SQLite
    # the interleaved test above covers the same path, and this one is not collected.

    @pytest.mark.postgres_only
    @pytest.mark.django_db(transaction=True)
    def test_two_verifiers_closing_concurrently_on_postgresql():
        from jianxian.rectification.tests.factories import make_cast

        cast = make_cast()
        problem = with_status(make_problem(cast), Status.SUBMITTED)
        secrets = [
            core_actions.create_api_token(actor=user, name="并发")[1]
            for user in (cast.verifier, cast.city_admin)
        ]
        start = threading.Barrier(2)
        statuses: list[int] = []

        def close(secret: str) -> None:
            client = Client(headers={"Authorization": f"Bearer {secret}"})
            try:
                start.wait()
                response = send(
                    client,
                    "POST",
                    f"{API}/problems/{problem.pk}/close",
                    {"score": 80, "comment": "同意"},
                )
                statuses.append(response.status_code)
            finally:
                connection.close()

        threads = [threading.Thread(target=close, args=(secret,)) for secret in secrets]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert sorted(statuses) == [200, 409]
        assert Verification.objects.filter(problem=problem).count() == 1
        assert Event.objects.filter(verb="problem.close", target_id=problem.pk).count() == 1


# --- Validation, illegal moves, who may ----------------------------------------------


def test_validation_errors(cast):
    client = client_for(cast.organizer)
    url = f"{API}/problems"
    body = new_problem(cast)
    del body["title"]
    error(send(client, "POST", url, body), 422)
    assert "Title" in error(send(client, "POST", url, new_problem(cast, title="  ")), 400)
    assert "due date" in error(send(client, "POST", url, new_problem(cast, due_date=None)), 400)
    error(send(client, "POST", url, new_problem(cast, kind="someday")), 400)
    error(send(client, "POST", url, new_problem(cast, severity="apocalyptic")), 400)
    error(send(client, "POST", url, new_problem(cast, category_id=999999)), 400)
    error(send(client, "POST", url, new_problem(cast, due_date="not a date")), 422)
    outsider = person_of(cast.other_district).pk
    assert "scope" in error(
        send(client, "POST", url, new_problem(cast, responsible_id=outsider)), 400
    )
    error(send(client, "POST", url, new_problem(cast, source_type="auth.user", source_id=1)), 400)
    error(send(client, "POST", url, new_problem(cast, source_type="core.unit")), 400)
    error(client.post(url, "{not json", content_type="application/json"), 400)
    assert not Problem.objects.exists()


def test_a_source_record_is_linked_when_the_caller_sees_it(cast):
    client = client_for(cast.organizer)
    linked = {"source_type": "core.unit", "source_id": cast.unit.pk, "source_label": ""}
    created = ok(send(client, "POST", f"{API}/problems", new_problem(cast, **linked)), 201)
    assert (created["source_type"], created["source_id"]) == ("core.unit", cast.unit.pk)
    assert created["source_label"] == cast.unit.name
    hidden = {"source_type": "core.unit", "source_id": cast.tree.village.pk}
    error(send(client, "POST", f"{API}/problems", new_problem(cast, **hidden)), 400)


def test_illegal_moves_are_refused_with_the_reason(cast):
    draft = make_problem(cast, due_date=in_days(30))
    assert "at least one measure" in error(move(cast.organizer, draft.pk, "plan"), 400)
    assert "Only a planned problem can be started" in error(
        move(cast.organizer, draft.pk, "start"), 400
    )
    assert "awaiting acceptance" in error(
        move(cast.city_admin, draft.pk, "close", {"score": 90, "comment": "好"}), 400
    )
    submitted = with_status(make_problem(cast, "另一个问题"), Status.SUBMITTED)
    assert "score" in error(move(cast.verifier, submitted.pk, "close", {"comment": "好"}), 400)
    error(move(cast.verifier, submitted.pk, "close", {"score": 101, "comment": "好"}), 400)
    error(move(cast.verifier, submitted.pk, "close", {"score": "ninety", "comment": "好"}), 422)
    assert "comment" in error(move(cast.verifier, submitted.pk, "close", {"score": 90}), 400)
    assert "reason" in error(move(cast.verifier, submitted.pk, "return", {}), 400)
    returned = ok(move(cast.verifier, submitted.pk, "return", {"reason": "缺少居民回访记录"}))
    assert returned["status"] == "rectifying"
    assert row(submitted.pk).verifications.get().decision == "returned"
    error(move(cast.verifier, submitted.pk, "recheck", {"decision": "confirm"}), 400)


def test_who_may_move_what(cast):
    planned = with_status(make_problem(cast, due_date=in_days(30)), Status.PLANNED)
    error(move(cast.member, planned.pk, "start"), 403)  # plain staff of the unit
    error(move(cast.viewer, planned.pk, "revise"), 403)
    error(move(cast.other_district, planned.pk, "start"), 404)  # outside their sight
    error(move(cast.other_verifier, planned.pk, "start"), 404)
    submitted = with_status(make_problem(cast, "另一个问题"), Status.SUBMITTED)
    close = {"score": 90, "comment": "同意"}
    own = error(move(cast.responsible, submitted.pk, "close", close), 403)
    assert "responsible person" in own
    error(move(cast.organizer, submitted.pk, "close", close), 403)  # a manager, not a verifier
    # Four eyes: whoever submitted it does not accept it.
    mine = finish_work(with_status(make_problem(cast, "第三个问题"), Status.RECTIFYING))
    ok(move(cast.city_admin, mine.pk, "submit"))
    assert "other than the submitter" in error(move(cast.city_admin, mine.pk, "close", close), 403)
    assert row(mine.pk).status == Status.SUBMITTED


def test_a_problem_outside_the_callers_sight_is_404_everywhere(cast):
    problem = rectifying(cast)
    measure = problem.measures.get()
    other = client_for(cast.other_district)
    for path in ("", "/measures", "/notes", "/history"):
        error(other.get(f"{API}/problems/{problem.pk}{path}"), 404)
    error(send(other, "PATCH", f"{API}/problems/{problem.pk}", {"version": 1, "title": "x"}), 404)
    error(send(other, "DELETE", f"{API}/problems/{problem.pk}"), 404)
    error(send(other, "POST", f"{API}/measures/{measure.pk}/done"), 404)
    error(send(other, "PATCH", f"{API}/measures/{measure.pk}", {"version": 1}), 404)
    assert ok(other.get(f"{API}/problems"))["count"] == 0
    # The responsible person and a measure's owner see it without any grant.
    assert ok(client_for(cast.responsible).get(f"{API}/problems/{problem.pk}"))["id"] == problem.pk
    actions.add_measure(
        actor=None, problem=row(problem.pk), description="外区协助", owner=person_of(cast.outsider)
    )
    assert ok(client_for(cast.outsider).get(f"{API}/problems"))["count"] == 1


# --- The ledger ---------------------------------------------------------------------------


def test_ledger_filters_and_counts(cast):
    late = make_problem(cast, "台账填写不规范", due_date=in_days(-3))
    soon = with_status(
        make_problem(cast, "议事会议题单一", due_date=in_days(5), category=category("体制机制")),
        Status.PLANNED,
    )
    in_team = make_problem(
        cast, "網格巡查不到位", unit=cast.tree.team, due_date=in_days(40), severity="serious"
    )
    ongoing = make_problem(cast, "学习制度坚持不够", kind="ongoing", source_kind="seminar")
    closed = with_status(
        make_problem(cast, "窗口服务态度生硬", due_date=in_days(-10)), Status.CLOSED
    )
    school = make_problem(
        cast,
        "课后服务安排不合理",
        unit=cast.tree.school,
        responsible=person_of(cast.school_staff),
        due_date=in_days(20),
    )
    client = client_for(cast.verifier)  # the district's verifier sees all of them
    url = f"{API}/problems"
    assert ok(client.get(url))["count"] == 6
    assert titles(client.get(url, {"unit": cast.unit.pk})) == sorted(
        p.title for p in (late, soon, in_team, ongoing, closed)
    )
    assert titles(client.get(url, {"unit": cast.tree.team.pk})) == [in_team.title]
    assert titles(client.get(url, {"unit": 999999})) == []
    assert titles(client.get(url, {"status": ["planned", "closed"]})) == sorted(
        [soon.title, closed.title]
    )
    assert titles(client.get(url, {"overdue": "true"})) == [late.title]  # closed is never late
    assert titles(client.get(url, {"category": category("体制机制").pk})) == [soon.title]
    assert titles(client.get(url, {"kind": "ongoing"})) == [ongoing.title]
    assert titles(client.get(url, {"source_kind": "seminar"})) == [ongoing.title]
    assert titles(client.get(url, {"severity": "serious"})) == [in_team.title]
    assert titles(client.get(url, {"responsible": person_of(cast.school_staff).pk})) == [
        school.title
    ]
    window = {"due_from": in_days(0).isoformat(), "due_to": in_days(30).isoformat()}
    assert titles(client.get(url, window)) == sorted([soon.title, school.title])
    assert titles(client.get(url, {"q": "网格巡查"})) == [in_team.title]  # either script
    assert titles(client.get(url, {"q": "議事會"})) == [soon.title]
    by_due = [item["title"] for item in ok(client.get(url, {"order": "due"}))["items"]]
    assert by_due[:2] == [closed.title, late.title]
    first = ok(client.get(url, {"overdue": "true"}))["items"][0]
    assert first["overdue"] is True and first["unit_name"] == cast.unit.name
    error(client.get(url, {"order": "random"}), 422)

    counts = ok(client.get(f"{url}/counts", {"unit": cast.unit.pk, "status": "closed"}))
    assert counts == {
        "total": 5,
        "draft": 3,
        "planned": 1,
        "rectifying": 0,
        "submitted": 0,
        "closed": 1,
        "open": 4,
        "overdue": 1,
        "due_soon": 1,
    }
    # Plain staff of the school see only the school's list.
    assert titles(client_for(cast.school_staff).get(url)) == [school.title]
    assert ok(client_for(cast.school_staff).get(f"{url}/counts"))["total"] == 1


def test_history_is_newest_first_and_paginated(cast):
    problem = make_problem(cast, due_date=in_days(30))
    for n in range(45):
        actions.add_measure(actor=None, problem=problem, description=f"措施{n}")
    for n in range(10):
        problem = actions.update_problem(
            actor=None, problem=problem, version=problem.version, title=f"问题标题{n}"
        )
    client = client_for(cast.member)
    first = ok(client.get(f"{API}/problems/{problem.pk}/history"))
    assert first["count"] == 56 and len(first["items"]) == 50
    assert first["items"][0]["changes"]["title"] == ["问题标题8", "问题标题9"]
    last = ok(client.get(f"{API}/problems/{problem.pk}/history", {"page": 2}))
    assert [e["verb"] for e in last["items"]][-1] == "problem.create"
    measures = client.get(f"{API}/problems/{problem.pk}/measures", {"page": 2, "page_size": 40})
    assert ok(measures)["count"] == 45


# --- The ledger as documents -----------------------------------------------------------


def test_ledger_xlsx_export_follows_the_filters_and_holds_no_formulas(cast):

    make_problem(cast, '=HYPERLINK("http://evil.example","点击")', due_date=in_days(30))
    make_problem(cast, "议事会议题单一", due_date=in_days(-3))
    make_problem(cast, "课后服务安排不合理", unit=cast.tree.school, due_date=in_days(20))
    client = client_for(cast.organizer)  # the community's organizer: not the school
    response = client.get(f"{API}/ledger.xlsx", {"unit": cast.unit.pk, "order": "due"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert response["Content-Disposition"].startswith("attachment;")
    sheet = ledger_sheet(response)
    assert sheet["A1"].value == f"{cast.unit.name}问题整改台账"
    header = [cell.value for cell in sheet[3]]
    assert header[:8] == [
        "序号",
        "问题描述",
        "整改措施",
        "责任单位",
        "责任人",
        "完成时限",
        "整改进展",
        "完成情况",
    ]
    described = [row[1].value for row in sheet.iter_rows(min_row=4)]
    assert len(described) == 2 and described[0].startswith("议事会议题单一")
    assert all(row[1].data_type == "s" for row in sheet.iter_rows(min_row=4))
    assert any(text.startswith("=HYPERLINK") for text in described)  # as text, not a formula
    late = client.get(f"{API}/ledger.xlsx", {"overdue": "true"})
    sheet = ledger_sheet(late)
    assert [row[1].value.split("\n")[0] for row in sheet.iter_rows(min_row=4)] == ["议事会议题单一"]
    error(Client().get(f"{API}/ledger.xlsx"), 401)


def test_ledger_pdf_export(cast, monkeypatch):
    make_problem(cast, "议事会议题单一", due_date=in_days(30))
    client = client_for(cast.organizer)
    response = client.get(f"{API}/ledger.pdf", {"unit": cast.unit.pk})
    assert response.status_code == 200, response.content
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert downloaded(response).startswith(b"%PDF-")
    # Past the rows a PDF holds, the caller is pointed to the Excel export.
    monkeypatch.setattr("jianxian.rectification.ledger.pdf.PDF_MAX_ROWS", 0)
    assert "Excel" in error(client.get(f"{API}/ledger.pdf"), 400)


def test_lists_read_a_constant_number_of_queries(cast):
    from django.db import connection as db
    from django.test.utils import CaptureQueriesContext

    def queries(path: str) -> int:
        client = client_for(cast.verifier)
        with CaptureQueriesContext(db) as captured:
            ok(client.get(path))
        return len(captured)

    first = rectifying(cast, "问题一")
    actions.add_progress_note(
        actor=cast.responsible, problem=first, body="进展", files=[("照片.png", png_bytes())]
    )
    one = f"{API}/problems/{first.pk}"
    pages = [f"{API}/problems", one, f"{one}/notes", f"{one}/history", f"{one}/measures"]
    before = [queries(path) for path in pages]
    for n in range(3):
        rectifying(cast, f"问题{n + 2}")
        actions.add_measure(actor=cast.organizer, problem=first, description=f"措施{n}")
        actions.add_progress_note(
            actor=cast.responsible,
            problem=first,
            body=f"进展{n}",
            files=[(f"照片{n}.png", png_bytes(colour=(n * 60, 10, 10)))],
        )
    assert [queries(path) for path in pages] == before


# --- Measures, deletion, categories -------------------------------------------------------


def test_measures_edit_remove_and_tick(cast):
    problem = make_problem(cast, due_date=in_days(30))
    client = client_for(cast.organizer)
    url = f"{API}/problems/{problem.pk}/measures"
    first = ok(
        send(client, "POST", url, {"description": "制定规范", "due_date": in_days(10).isoformat()}),
        201,
    )
    second = ok(send(client, "POST", url, {"description": "逐户回访"}), 201)
    assert (first["position"], second["position"]) == (0, 1)
    error(send(client, "POST", url, {"description": "  "}), 400)
    error(send(client_for(cast.member), "POST", url, {"description": "我来加"}), 403)
    one = f"{API}/measures/{first['id']}"
    edited = ok(
        send(
            client,
            "PATCH",
            one,
            {"version": 1, "description": "制定入户走访规范", "due_date": None},
        )
    )
    assert (edited["description"], edited["due_date"], edited["version"]) == (
        "制定入户走访规范",
        None,
        2,
    )
    assert "Reload" in error(send(client, "PATCH", one, {"version": 1, "position": 5}), 409)
    assert Measure.objects.get(pk=first["id"]).description == "制定入户走访规范"
    error(send(client, "DELETE", f"{API}/measures/{second['id']}?version=9"), 409)
    error(send(client, "DELETE", f"{API}/measures/{second['id']}"), 422)  # the version is required
    ok(send(client, "DELETE", f"{API}/measures/{second['id']}?version=1"), 204)
    assert list(problem.measures.values_list("pk", flat=True)) == [first["id"]]
    # Ticking waits for the rectification to start.
    assert "being rectified" in error(send(client, "POST", f"{one}/done"), 400)
    actions.plan_problem(actor=None, problem=row(problem.pk))
    actions.start_problem(actor=None, problem=row(problem.pk))
    error(send(client_for(cast.member), "POST", f"{one}/done"), 403)
    assert ok(send(client_for(cast.responsible), "POST", f"{one}/done"))["done"] is True
    assert ok(send(client, "POST", f"{one}/undone"))["done"] is False


def test_only_a_draft_is_deleted(cast):
    draft = make_problem(cast, due_date=in_days(30))
    error(send(client_for(cast.member), "DELETE", f"{API}/problems/{draft.pk}"), 403)
    ok(send(client_for(cast.organizer), "DELETE", f"{API}/problems/{draft.pk}"), 204)
    assert not Problem.objects.filter(pk=draft.pk).exists()
    assert Event.objects.filter(verb="problem.delete", target_id=draft.pk).exists()
    planned = with_status(make_problem(cast, "另一个"), Status.PLANNED)
    assert "draft" in error(
        send(client_for(cast.organizer), "DELETE", f"{API}/problems/{planned.pk}"), 400
    )


def test_categories_are_kept_by_a_city_admin(cast):
    listed = ok(client_for(cast.member).get(f"{API}/categories"))
    assert [c["name"] for c in listed][:5] == [
        "思想境界",
        "能力素质",
        "作风形象",
        "体制机制",
        "业务工作",
    ]
    client = client_for(cast.city_admin)
    error(send(client_for(cast.organizer), "POST", f"{API}/categories", {"name": "廉洁自律"}), 403)
    created = ok(
        send(client, "POST", f"{API}/categories", {"name": "廉洁自律", "name_en": "Integrity"}), 201
    )
    assert created["label"] == "Integrity"
    error(send(client, "POST", f"{API}/categories", {"name": "廉洁自律"}), 400)
    url = f"{API}/categories/{created['id']}"
    error(send(client_for(cast.organizer), "PATCH", url, {"version": 1, "is_active": False}), 403)
    retired = ok(send(client, "PATCH", url, {"version": 1, "is_active": False}))
    assert (retired["is_active"], retired["name"], retired["version"]) == (False, "廉洁自律", 2)
    error(send(client, "PATCH", url, {"version": 1, "name": "x"}), 409)
    assert created["id"] not in [
        c["id"] for c in ok(client.get(f"{API}/categories", {"active": "true"}))
    ]
    in_use = make_problem(cast).category
    assert "retire" in error(send(client, "DELETE", f"{API}/categories/{in_use.pk}"), 400)
    ok(send(client, "DELETE", url), 204)
    assert not Category.objects.filter(pk=created["id"]).exists()


# --- Authentication --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("GET", "/problems"),
        ("POST", "/problems"),
        ("GET", "/problems/counts"),
        ("GET", "/problems/1"),
        ("POST", "/problems/1/close"),
        ("GET", "/evidence/1"),
        ("GET", "/categories"),
    ],
)
def test_anonymous_gets_401(method, path):
    error(send(Client(), method, API + path, {} if method != "GET" else None), 401)


def test_a_bearer_token_works_without_csrf(cast):
    _token, secret = core_actions.create_api_token(actor=cast.organizer, name="脚本")
    client = Client(enforce_csrf_checks=True, headers={"Authorization": f"Bearer {secret}"})
    created = ok(send(client, "POST", f"{API}/problems", new_problem(cast)), 201)
    measures = f"{API}/problems/{created['id']}/measures"
    ok(send(client, "POST", measures, {"description": "制定规范"}), 201)
    assert (
        ok(send(client, "POST", f"{API}/problems/{created['id']}/plan", {}))["status"] == "planned"
    )
    assert ok(client.get(f"{API}/problems"))["count"] == 1
    wrong = Client(headers={"Authorization": "Bearer jx_not-a-token"})
    error(wrong.get(f"{API}/problems"), 401)


def test_a_session_write_needs_the_csrf_token(cast):
    response = send(
        client_for(cast.organizer, csrf=True), "POST", f"{API}/problems", new_problem(cast)
    )
    assert response.status_code == 403
    assert not Problem.objects.exists()
