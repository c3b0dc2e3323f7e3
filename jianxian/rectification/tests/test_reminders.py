"""The daily deadline sweep: who hears what, on which day, and never twice. The day is
passed in (``today=``), never read from the clock."""

from __future__ import annotations

import datetime
import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from jianxian.core.models import Notification
from jianxian.rectification import actions, tasks
from jianxian.rectification.models import Reminder
from jianxian.rectification.tests.factories import (
    TODAY,
    at,
    make_planned,
    make_problem,
    person_of,
    with_status,
)

pytestmark = pytest.mark.django_db
DAY = datetime.timedelta(days=1)


def sweep(day: datetime.date) -> dict[str, int]:
    return actions.send_rectification_reminders(today=day)


def inbox(user) -> list[str]:
    return list(
        Notification.objects.filter(recipient=user).order_by("id").values_list("title", flat=True)
    )


def test_due_soon_then_overdue_each_once(cast):
    due = TODAY + 10 * DAY
    problem = make_planned(cast, due_date=due)
    assert sweep(due - 8 * DAY) == {}  # more than a week ahead
    assert sweep(due - 7 * DAY) == {"problem_due_soon": 1}
    assert sweep(due - 7 * DAY) == {}  # the same day again
    assert sweep(due - 3 * DAY) == {}  # later that week
    assert sweep(due) == {}  # the due day itself is not late
    assert sweep(due + DAY) == {"problem_overdue": 1}  # the day after it passed
    assert sweep(due + 5 * DAY) == {}
    assert inbox(cast.responsible) == [
        f"Due on {due.isoformat()}: {problem.title}",
        f"Overdue since {due.isoformat()}: {problem.title}",
    ]
    notice = Notification.objects.filter(recipient=cast.responsible).first()
    assert notice is not None and notice.url == f"/rectification/problems/{problem.pk}/"
    assert notice.send_email is False  # no address on file: no mail
    assert Reminder.objects.filter(problem=problem).count() == 2


def test_a_late_sweep_still_sends_each_reminder_once(cast):
    # The sweep did not run for a while: the overdue reminder still goes out, once.
    problem = make_planned(cast, due_date=TODAY)
    assert sweep(TODAY + 30 * DAY) == {"problem_overdue": 1}
    assert sweep(TODAY + 31 * DAY) == {}
    assert [r.kind for r in Reminder.objects.filter(problem=problem)] == ["overdue"]


def test_a_new_due_date_is_a_new_reminder(cast):
    problem = make_planned(cast, due_date=TODAY + 3 * DAY)
    assert sweep(TODAY) == {"problem_due_soon": 1}
    actions.update_problem(
        actor=None,
        problem=problem,
        version=problem.version,
        due_date=TODAY + 20 * DAY,
        note="延期",
    )
    assert sweep(TODAY + DAY) == {}
    assert sweep(TODAY + 13 * DAY) == {"problem_due_soon": 1}


def test_only_problems_under_way_are_reminded(cast):
    for status in ("draft", "submitted", "closed"):
        with_status(make_problem(cast, status, due_date=TODAY), status)
    planned = make_planned(cast, "planned", due_date=TODAY)
    rectifying = with_status(make_problem(cast, "rectifying", due_date=TODAY), "rectifying")
    sent = sweep(TODAY + DAY)
    assert sent["problem_overdue"] == 2
    assert set(
        Reminder.objects.filter(kind="overdue").values_list("problem__title", flat=True)
    ) == {
        planned.title,
        rectifying.title,
    }


def test_measures_remind_their_owner_and_the_responsible_person(cast):
    problem = make_problem(cast, due_date=TODAY + 60 * DAY)
    owner = person_of(cast.member)
    measure = actions.add_measure(
        actor=None, problem=problem, description="逐户回访", owner=owner, due_date=TODAY + 5 * DAY
    )
    done = actions.add_measure(
        actor=None, problem=problem, description="印发规范", due_date=TODAY + 5 * DAY
    )
    actions.plan_problem(actor=None, problem=problem)
    actions.start_problem(actor=None, problem=problem)
    actions.mark_measure_done(actor=None, measure=done)
    assert sweep(TODAY) == {"measure_due_soon": 1}
    assert inbox(cast.member) == [f"Measure due on {(TODAY + 5 * DAY).isoformat()}: 逐户回访"]
    assert inbox(cast.responsible) == inbox(cast.member)
    assert sweep(TODAY + 6 * DAY) == {"measure_overdue": 1}
    assert sweep(TODAY + 7 * DAY) == {}
    actions.mark_measure_done(actor=None, measure=measure)
    assert Reminder.objects.filter(measure=measure).count() == 2


def test_rechecks_and_reviews_go_to_the_units_verifiers(cast):
    closed = with_status(make_problem(cast, "closed"), "submitted")
    actions.close_problem(
        actor=cast.verifier, problem=closed, score=90, comment="好", now=at(TODAY)
    )
    closed.refresh_from_db()
    assert closed.recheck_due is not None
    ongoing = make_planned(cast, "ongoing", kind="ongoing", review_cycle_days=30)
    actions.start_problem(actor=None, problem=ongoing, now=at(TODAY))
    review_day = TODAY + 30 * DAY
    assert sweep(review_day - DAY) == {}
    assert sweep(review_day) == {"review_due": 1}
    assert sweep(closed.recheck_due) == {"recheck_due": 1}
    assert sweep(closed.recheck_due + DAY) == {}
    assert inbox(cast.verifier)[-2:] == ["Periodic review due: ongoing", "Re-check due: closed"]
    assert inbox(cast.other_verifier) == []
    assert inbox(cast.responsible)[-1].startswith("Accepted and closed")  # not the reminders
    # A review done moves the date on; the next cycle is reminded again.
    ongoing.refresh_from_db()
    actions.review_problem_cycle(
        actor=cast.verifier, problem=ongoing, comment="好", now=at(review_day)
    )
    assert sweep(review_day + 30 * DAY) == {"review_due": 1}
    # A confirmed re-check clears the date: nothing more to remind.
    closed.refresh_from_db()
    actions.recheck_problem(actor=cast.verifier, problem=closed, decision="confirmed")
    assert sweep(closed.recheck_due or (TODAY + 400 * DAY)) == {}


def test_a_responsible_person_without_a_login_is_not_reminded_twice_either(cast):
    from jianxian.core.tests.factories import make_person

    nobody = make_person("无账号", cast.unit)
    make_planned(cast, responsible=nobody, due_date=TODAY)
    assert sweep(TODAY) == {"problem_due_soon": 1}
    assert Reminder.objects.get().recipients == 0
    assert sweep(TODAY) == {}
    assert not Notification.objects.exists()


def test_the_task_and_the_command_run_the_sweep(cast):
    make_planned(cast, due_date=TODAY)
    result = tasks.send_rectification_reminders.enqueue(TODAY.isoformat())
    assert result.return_value == {"problem_due_soon": 1}
    out = io.StringIO()
    call_command("send_rectification_reminders", "--date", (TODAY + DAY).isoformat(), stdout=out)
    assert "Sent 1 reminder(s): problem_overdue 1." in out.getvalue()
    out = io.StringIO()
    call_command("send_rectification_reminders", "--date", (TODAY + DAY).isoformat(), stdout=out)
    assert "Sent 0 reminder(s): none due." in out.getvalue()
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        call_command("send_rectification_reminders", "--date", "tomorrow")
    out = io.StringIO()
    call_command("send_rectification_reminders", "--enqueue", stdout=out)
    assert "Queued the reminder sweep" in out.getvalue()
