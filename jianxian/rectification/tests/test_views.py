"""The ledger pages: the ledger with its filters, counts and bulk start; the problem's
page (record, measures, progress with evidence, verifications, history); what never
reaches the page. The forms and workflow buttons are in ``test_views_forms.py``."""

from __future__ import annotations

import datetime
import re
from typing import Any

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from jianxian.core.events import label_for
from jianxian.rectification import actions
from jianxian.rectification.models import Evidence, Problem, ProblemStatus
from jianxian.rectification.tests import factories
from jianxian.rectification.tests.factories import (
    category,
    finish_work,
    pdf_bytes,
    person_of,
    png_bytes,
    with_status,
)

pytestmark = pytest.mark.django_db
Status = ProblemStatus
LEDGER = "/rectification/"


def as_user(client: Client, user: Any) -> Client:
    client.force_login(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"  # messages are asserted in English
    return client


def today() -> datetime.date:
    return timezone.localdate()


def days(n: int) -> datetime.date:
    return today() + datetime.timedelta(days=n)


def _dated(kwargs: dict[str, Any]) -> dict[str, Any]:
    """Due in two months of the real today (the pages compare with the clock)."""
    if kwargs.get("kind") != "ongoing":
        kwargs.setdefault("due_date", days(60))
    return kwargs


def make_problem(cast: Any, title: str = "网格员入户走访存在应付现象", **kwargs: Any) -> Problem:
    return factories.make_problem(cast, title, **_dated(kwargs))


def make_planned(cast: Any, title: str = "网格员入户走访存在应付现象", **kwargs: Any) -> Problem:
    return factories.make_planned(cast, title, **_dated(kwargs))


def titles(response: Any) -> list[str]:
    """The problems of the ledger page, in the table's order."""
    return re.findall(r'data-testid="problem-title">([^<]+)<', response.content.decode())


def count(response: Any, name: str) -> int:
    text = response.content.decode()
    match = re.search(
        rf'data-testid="count-{name}".*?data-testid="count">(\d+)<', text, flags=re.DOTALL
    )
    assert match, f"no count {name}"
    return int(match.group(1))


# --- The ledger ---------------------------------------------------------------


def test_the_ledger_lists_what_the_user_sees_with_counts(client, cast):
    draft = make_problem(cast, "居民议事会议题单一")
    planned = make_planned(cast, "网格员入户走访存在应付现象")
    closed = with_status(make_problem(cast, "服务窗口推诿扯皮"), Status.CLOSED)
    late = make_problem(cast, "便民服务站长期闭门", due_date=days(-3))
    soon = make_problem(cast, "消防通道堵塞", due_date=days(3))
    make_problem(cast, "西岭村集体经济账目不清", unit=cast.tree.village,
                 responsible=person_of(cast.other_district))  # fmt: skip

    response = as_user(client, cast.organizer).get(LEDGER)
    assert response.status_code == 200
    shown = titles(response)
    assert shown == [p.title for p in (soon, late, closed, planned, draft)]  # newest first
    assert count(response, "total") == 5
    assert count(response, "draft") == 3
    assert count(response, "planned") == 1
    assert count(response, "closed") == 1
    assert count(response, "overdue") == 1
    assert count(response, "due_soon") == 1
    text = response.content.decode()
    assert 'data-testid="overdue"' in text  # the late one's badge
    # The other district's organizer sees only its own.
    other = as_user(Client(), cast.other_organizer).get(LEDGER)
    assert titles(other) == ["西岭村集体经济账目不清"]
    # The responsible person sees the problems they are responsible for.
    assert set(titles(as_user(Client(), cast.responsible).get(LEDGER))) == set(shown)


def test_the_ledger_row_shows_the_ledger_columns(client, cast):
    problem = make_problem(cast, "网格员入户走访存在应付现象")
    actions.add_measure(actor=None, problem=problem, description="制定入户走访工作规范")
    actions.add_measure(actor=None, problem=problem, description="建立走访回访制度")
    with_status(problem, Status.RECTIFYING)
    measure = problem.measures.order_by("id")[0]
    actions.mark_measure_done(actor=None, measure=measure)
    response = as_user(client, cast.organizer).get(LEDGER)
    row = re.search(r'data-testid="ledger-row".*?</tr>', response.content.decode(), re.DOTALL)
    assert row
    cells = row.group(0)
    name = problem.category.name_en  # the English reader's label
    for text in ("网格员入户走访存在应付现象", name, "幸福社区", "张整改", "Rectifying"):
        assert text in cells, text
    assert problem.due_date and problem.due_date.isoformat() in cells
    assert ">1/2<" in cells  # measures done of all


def test_ledger_filters(client, cast):
    team_lead = person_of(cast.team_member)
    a = make_problem(cast, "甲：作风问题", severity="grave", source_kind="seminar")
    b = make_problem(cast, "乙：体制问题", category=category("体制机制"), kind="ongoing")
    c = make_problem(cast, "丙：网格问题", unit=cast.tree.team, responsible=team_lead,
                     due_date=days(-1))  # fmt: skip
    d = with_status(make_problem(cast, "丁：已办结", due_date=days(-30)), Status.PLANNED)
    as_user(client, cast.unit_admin)

    def shown(**params: Any) -> set[str]:
        return set(titles(client.get(LEDGER, params)))

    assert shown(status="planned") == {d.title}
    assert shown(status="open") == {a.title, b.title, c.title, d.title}
    assert shown(overdue="yes") == {c.title, d.title}
    assert shown(overdue="no") == {a.title, b.title}
    assert shown(category=category("体制机制").pk) == {b.title}
    assert shown(kind="ongoing") == {b.title}
    assert shown(severity="grave") == {a.title}
    assert shown(source_kind="seminar") == {a.title}
    assert shown(unit=cast.tree.team.pk) == {c.title}
    assert shown(unit=cast.unit.pk) == {a.title, b.title, c.title, d.title}
    assert shown(owner="李组员") == {c.title}
    assert shown(owner="lzy") == {c.title}
    assert shown(owner=str(team_lead.pk)) == {c.title}
    assert shown(due_from=days(-5).isoformat(), due_to=days(0).isoformat()) == {c.title}
    assert shown(q="网格") == {c.title}
    assert shown(q="體制") == {b.title}  # Traditional script finds the Simplified title
    # Bad values drop their own filter only.
    assert shown(status="dragon", kind="ongoing", unit="x", due_from="soon") == {b.title}


def test_the_unit_picker_offers_the_scope_and_takes_only_visible_units(client, cast):
    make_problem(cast, "甲：作风问题")
    response = as_user(client, cast.organizer).get(LEDGER)
    picker = re.search(
        r'data-testid="filter-unit">(.*?)</select>', response.content.decode(), re.DOTALL
    )
    assert picker and "幸福社区" in picker.group(1) and "网格一组" in picker.group(1)
    assert "西岭村" not in picker.group(1)
    # A unit outside the user's sight is not even named; the filter is dropped.
    outside = client.get(LEDGER, {"unit": cast.tree.village.pk})
    assert "西岭村" not in outside.content.decode()
    assert titles(outside) == ["甲：作风问题"]


def test_the_filter_form_gets_an_htmx_fragment(client, cast):
    make_problem(cast, "甲：作风问题")
    response = as_user(client, cast.organizer).get(
        LEDGER, {"q": "作风"}, headers={"HX-Request": "true", "HX-Target": "results"}
    )
    text = response.content.decode()
    assert "甲：作风问题" in text and "<html" not in text
    assert 'data-testid="ledger-counts"' in text  # the counts follow the filters
    assert "export.xlsx?q=" in text  # and so do the export links


def test_the_ledger_pages_through_the_rows(client, cast, monkeypatch):
    from jianxian.rectification.views import ledger

    monkeypatch.setattr(ledger, "PAGE_SIZE", 2)
    for n in range(5):
        make_problem(cast, f"问题{n}")
    as_user(client, cast.organizer)
    first = client.get(LEDGER)
    assert titles(first) == ["问题4", "问题3"]
    third = client.get(LEDGER, {"page": 3})
    assert titles(third) == ["问题0"]
    assert ">5<" in third.content.decode().replace(" ", "")  # 5–5 of 5 uses the count


def ledger_queries(client: Client, **params: Any) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(LEDGER, params).status_code == 200
    return len(queries.captured_queries)


def test_the_ledger_reads_the_same_number_of_queries_whatever_the_rows(
    client, cast, django_assert_max_num_queries
):
    make_planned(cast, "问题0")
    as_user(client, cast.organizer)
    few = ledger_queries(client)
    for n in range(1, 25):
        problem = make_planned(cast, f"问题{n}", severity="serious")
        actions.add_measure(actor=None, problem=problem, description="第二项措施")
    with django_assert_max_num_queries(few):
        client.get(LEDGER)
    with django_assert_max_num_queries(few + 1):  # the owner filter resolves its people
        client.get(LEDGER, {"status": "planned", "overdue": "no", "owner": "张整改"})


def test_the_ledger_counts_once(client, cast):
    """The paginator takes its total from the counts' GROUP BY, not a COUNT of its own."""
    make_problem(cast, "甲：作风问题")
    as_user(client, cast.organizer)
    with CaptureQueriesContext(connection) as queries:
        client.get(LEDGER)
    counting = [
        q["sql"]
        for q in queries.captured_queries
        if "rectification_problem" in q["sql"] and q["sql"].upper().startswith("SELECT COUNT(")
    ]
    grouped = [
        q["sql"]
        for q in queries.captured_queries
        if q["sql"].startswith('SELECT "rectification_problem"."status" AS "status", COUNT(')
    ]
    assert counting == [] and len(grouped) == 1


def test_bulk_start_starts_the_planned_and_reports_the_rest(client, cast):
    one = make_planned(cast, "甲：作风问题")
    two = make_planned(cast, "乙：体制问题")
    draft = make_problem(cast, "丙：草稿")
    outside = make_planned(cast, "丁：西岭村", unit=cast.tree.village,
                           responsible=person_of(cast.other_district))  # fmt: skip
    as_user(client, cast.organizer)
    page = client.get(LEDGER).content.decode()
    assert f'name="problem" value="{one.pk}"' in page
    assert f'name="problem" value="{draft.pk}"' not in page  # only the planned are offered
    response = client.post(
        reverse("rectification:bulk"),
        {
            "action": "start",
            "problem": [one.pk, two.pk, draft.pk, outside.pk],
            "next": "/rectification/?status=planned",
        },
        follow=True,
    )
    assert response.redirect_chain[-1][0] == "/rectification/?status=planned"
    text = response.content.decode()
    assert "Rectification started for 2 problems." in text
    assert "丙：草稿" in text and "Only a planned problem can be started." in text
    statuses = dict(Problem.objects.values_list("title", "status"))
    assert statuses["甲：作风问题"] == statuses["乙：体制问题"] == Status.RECTIFYING
    assert statuses["丙：草稿"] == Status.DRAFT
    assert statuses["丁：西岭村"] == Status.PLANNED  # outside the organizer's sight


def test_bulk_start_refuses_who_may_not_and_unknown_actions(client, cast):
    problem = make_planned(cast, "甲：作风问题")
    as_user(client, cast.viewer)
    response = client.post(
        reverse("rectification:bulk"), {"action": "start", "problem": [problem.pk]}, follow=True
    )
    assert "You do not have permission to do this." in response.content.decode()
    problem.refresh_from_db()
    assert problem.status == Status.PLANNED
    response = client.post(
        reverse("rectification:bulk"), {"action": "close", "problem": [problem.pk]}, follow=True
    )
    assert "Choose what to do with the selected problems." in response.content.decode()
    response = client.post(
        reverse("rectification:bulk"), {"action": "start", "next": "https://evil.example/"}
    )
    assert response["Location"] == LEDGER


def test_the_ledger_links_to_export_import_and_create(client, cast):
    text = as_user(client, cast.organizer).get(LEDGER).content.decode()
    for name in ("export_xlsx", "export_pdf", "import", "problem_create"):
        assert reverse(f"rectification:{name}") in text, name
    member = as_user(Client(), cast.member).get(LEDGER).content.decode()
    assert reverse("rectification:problem_create") not in member
    assert reverse("rectification:export_xlsx") in member


def test_the_ledger_is_in_the_navigation(client, cast):
    text = as_user(client, cast.member).get(LEDGER).content.decode()
    assert re.search(r'class="nav-item active">\s*<a class="nav-link" href="/rectification/"', text)


# --- The problem's page -------------------------------------------------------


def problem_page(client: Client, problem: Problem) -> str:
    response = client.get(reverse("rectification:problem_detail", args=[problem.pk]))
    assert response.status_code == 200
    return response.content.decode()


def test_the_problem_page_shows_the_whole_rectification(client, cast):
    problem = make_planned(cast, "网格员入户走访存在应付现象")
    actions.start_problem(actor=None, problem=problem)
    actions.mark_measure_done(actor=None, measure=problem.measures.get())
    actions.add_progress_note(
        actor=cast.responsible,
        problem=problem,
        body="走访规范已印发。",
        files=[("走访照片.png", png_bytes()), ("走访台账.pdf", pdf_bytes())],
    )
    actions.submit_problem(actor=cast.responsible, problem=problem)
    actions.close_problem(actor=cast.verifier, problem=problem, score=88, comment="整改到位")
    text = problem_page(as_user(client, cast.organizer), problem)
    for expected in (
        "网格员入户走访存在应付现象",
        "走访台账与入户记录一致",  # the acceptance standard
        "制定入户走访工作规范",  # the measure
        "走访规范已印发。",  # the note
        "社区“两委”班子自查自纠",  # the source label
        "整改到位",
        "Score 88",
    ):
        assert expected in text, expected
    photo, document = Evidence.objects.order_by("id")
    assert f'<img src="/rectification/evidence/{photo.pk}/"' in text
    assert f'href="/rectification/evidence/{document.pk}/" class="btn btn-sm"' in text
    assert "走访台账.pdf" in text


def test_the_history_reads_the_events(client, cast):
    problem = make_planned(cast, "网格员入户走访存在应付现象")
    assert problem.due_date is not None
    actions.update_problem(
        actor=cast.organizer,
        problem=problem,
        version=problem.version,
        due_date=problem.due_date + datetime.timedelta(days=10),
        note="上级要求延期",
    )
    text = problem_page(as_user(client, cast.organizer), problem)
    history = text[text.index('data-testid="history"') :]
    labels = re.findall(r'data-testid="history-label"[^>]*>([^<]+)<', history)
    assert labels == ["Problem recorded", "Measure added", "Plan made", "Problem edited"]
    with translation.override("en"):
        assert label_for("problem.plan") == "Plan made"
    assert "Draft → Planned" in history
    assert "上级要求延期" in history  # the edit's reason
    assert "due date: " in history  # and what it changed


def test_a_script_in_the_record_never_reaches_the_page(client, cast):
    problem = make_problem(
        cast,
        "<script>alert('title')</script>标题",
        description="<script>alert('x')</script><img src=x onerror=alert(1)>",
        acceptance_standard="<b>bold</b>",
    )
    as_user(client, cast.organizer)
    for url in (LEDGER, reverse("rectification:problem_detail", args=[problem.pk])):
        text = client.get(url).content.decode()
        assert "<script>alert" not in text and "<img src=x" not in text and "<b>bold" not in text
        assert "&lt;script&gt;alert(&#x27;title&#x27;)&lt;/script&gt;标题" in text


def test_the_problem_page_is_a_404_outside_the_users_sight(client, cast):
    problem = make_problem(cast)
    url = reverse("rectification:problem_detail", args=[problem.pk])
    assert as_user(client, cast.other_organizer).get(url).status_code == 404
    assert as_user(Client(), cast.school_staff).get(url).status_code == 404
    assert as_user(Client(), cast.team_member).get(url).status_code == 404  # below the unit
    assert as_user(Client(), cast.member).get(url).status_code == 200
    anonymous = Client().get(url)
    assert anonymous.status_code == 302 and settings.LOGIN_URL in anonymous["Location"]


def test_the_buttons_follow_who_may_do_what(client, cast):
    problem = make_problem(cast)
    with_status(problem, Status.PLANNED)
    organizer = problem_page(as_user(client, cast.organizer), problem)
    assert 'data-testid="move-start"' in organizer and 'data-testid="move-revise"' in organizer
    assert 'data-testid="edit-problem"' in organizer
    viewer = problem_page(as_user(Client(), cast.viewer), problem)
    assert 'data-testid="workflow"' not in viewer and 'data-testid="edit-problem"' not in viewer
    responsible = problem_page(as_user(Client(), cast.responsible), problem)
    assert 'data-testid="move-start"' in responsible
    assert 'data-testid="move-revise"' not in responsible
    assert 'data-testid="add-note"' in responsible
    actions.start_problem(actor=None, problem=problem)
    finish_work(problem)
    actions.submit_problem(actor=None, problem=problem)
    verifier = problem_page(as_user(Client(), cast.verifier), problem)
    assert 'data-testid="close-form"' in verifier and 'data-testid="return-form"' in verifier
    responsible = problem_page(as_user(Client(), cast.responsible), problem)
    assert 'data-testid="close-form"' not in responsible


def test_the_source_links_to_the_record_it_was_found_in(client, cast):
    from jianxian.exemplars.tests.factories import make_exemplar, make_published

    exemplar = make_published(cast.unit, "郑守诚")
    problem = make_problem(cast, source=exemplar, source_label="", source_kind="benchmark")
    text = problem_page(as_user(client, cast.organizer), problem)
    assert f'<a href="/exemplars/{exemplar.pk}/">郑守诚</a>' in text
    # A source the reader may not see (a draft of the community) shows as its label only.
    draft = make_exemplar(cast.unit, "草稿典型")
    other = make_problem(cast, "第二个问题", source=draft, source_label="对标草稿典型")
    member = problem_page(as_user(Client(), cast.member), other)
    assert "对标草稿典型" in member and f"/exemplars/{draft.pk}/" not in member
