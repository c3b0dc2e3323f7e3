"""HTML pages of jianxian/rectification/urls.py: the ledger and its bulk start, the
problem's page, the forms, the workflow buttons and judgements, and the evidence files.
The problems come from ``_rectification_world.py``; the Excel/PDF export and import have
their rules in ``rectification_transfer.py``."""

from __future__ import annotations

from typing import Any

from tests.security.matrix import LOGIN, Redirect, Rule, everyone, roles
from tests.security.rules import _rectification_world as r

SIGNED_IN = everyone(200, anonymous=LOGIN)
NOT_POST = everyone(405, anonymous=LOGIN)


def managers(allowed: Any, *, staff: Any = 403) -> dict[str, Any]:
    """Who runs the target unit's list (organizer, the unit admins above) may; staff
    of the unit see the problem but may not change it; the other district sees
    nothing."""
    return roles(
        anonymous=LOGIN,
        other_district=404,
        staff=staff,
        organizer=allowed,
        parent_admin=allowed,
        city_admin=allowed,
    )


def verifiers(allowed: Any) -> dict[str, Any]:
    """Only a verifier over the unit: the city admin (and the superuser) hold every
    role; the organizer and the district's unit admin are refused."""
    return roles(
        anonymous=LOGIN,
        other_district=404,
        staff=403,
        organizer=403,
        parent_admin=403,
        city_admin=allowed,
    )


VISIBLE = managers(200, staff=200)
CREATORS = roles(
    anonymous=LOGIN,
    other_district=403,
    staff=403,
    organizer=200,
    parent_admin=200,
    city_admin=200,
)


def to_problem(which: str) -> Redirect:
    return Redirect("rectification:problem_detail", kwargs=r.pk_of(which))


def form_rules(
    route: str, kwargs: Any, data: Any, expect: Any, back: Redirect, *, label: str = ""
) -> list[Rule]:
    """GET and POST of a form, back to the problem's page when saved."""
    return [
        Rule(route, "GET", expect(200), kwargs=kwargs, label=label),
        Rule(route, "POST", expect(back), kwargs=kwargs, data=data, label=label),
    ]


RULES = [
    # The ledger: everyone signed in sees what their scope holds.
    Rule("rectification:ledger", "GET", SIGNED_IN),
    Rule(
        "rectification:ledger",
        "GET",
        SIGNED_IN,
        query=lambda ctx: {
            "q": "矩阵",
            "unit": ctx.world.unit.pk,
            "status": "open",
            "overdue": "no",
            "owner": "李正峰",
            "due_from": "2020-01-01",
            "page": "2",
        },
        label="filters",
    ),
    # The bulk start: refusals are messages on the ledger, so everyone is sent back.
    Rule("rectification:bulk", "GET", NOT_POST),
    Rule(
        "rectification:bulk",
        "POST",
        everyone(Redirect("rectification:ledger"), anonymous=LOGIN),
        data=r.bulk_form,
    ),
    # Recording a problem.
    Rule("rectification:problem_create", "GET", CREATORS),
    Rule(
        "rectification:problem_create",
        "POST",
        roles(
            anonymous=LOGIN,
            other_district=403,
            staff=403,
            organizer=Redirect("rectification:problem_detail", kwargs=r.created),
            parent_admin=Redirect("rectification:problem_detail", kwargs=r.created),
            city_admin=Redirect("rectification:problem_detail", kwargs=r.created),
        ),
        data=r.new_problem_form,
    ),
    # The problem's page, in every state.
    *[
        Rule("rectification:problem_detail", "GET", VISIBLE, kwargs=r.pk_of(which), label=which)
        for which in r.TITLES
    ],
    # Editing the record: until it is submitted.
    *form_rules(
        "rectification:problem_edit",
        r.pk_of("draft"),
        r.edit_form("draft"),
        managers,
        to_problem("draft"),
        label="draft",
    ),
    *form_rules(
        "rectification:problem_edit",
        r.pk_of("rectifying"),
        r.edit_form("rectifying"),
        managers,
        to_problem("rectifying"),
        label="rectifying",
    ),
    Rule(
        "rectification:problem_edit",
        "GET",
        managers(403),
        kwargs=r.pk_of("submitted"),
        label="submitted",
    ),
    # Deleting a draft (a confirmation page, then POST); nothing further along.
    Rule("rectification:problem_delete", "GET", managers(200), kwargs=r.pk_of("draft")),
    Rule(
        "rectification:problem_delete",
        "POST",
        managers(Redirect("rectification:ledger")),
        kwargs=r.pk_of("draft"),
    ),
    Rule(
        "rectification:problem_delete",
        "POST",
        managers(403),
        kwargs=r.pk_of("planned"),
        label="planned",
    ),
    # The one-button moves: POST only.
    Rule("rectification:problem_move", "GET", NOT_POST, kwargs=r.move("draft", "plan")),
    Rule(
        "rectification:problem_move",
        "POST",
        managers(to_problem("draft")),
        kwargs=r.move("draft", "plan"),
        label="plan",
    ),
    Rule(
        "rectification:problem_move",
        "POST",
        managers(to_problem("planned")),
        kwargs=r.move("planned", "start"),
        label="start",
    ),
    Rule(
        "rectification:problem_move",
        "POST",
        managers(to_problem("planned")),
        kwargs=r.move("planned", "revise"),
        label="revise",
    ),
    Rule(
        "rectification:problem_move",
        "POST",
        managers(to_problem("rectifying")),
        kwargs=r.move("rectifying", "submit"),
        label="submit",
    ),
    Rule(
        "rectification:problem_move",
        "POST",
        everyone(404, anonymous=LOGIN),
        kwargs=r.move("submitted", "close"),
        label="not a button",
    ),
    # The verifiers' judgements: a form page and its POST.
    *form_rules(
        "rectification:problem_close",
        r.pk_of("submitted"),
        r.fields(score="88", comment="整改到位"),
        verifiers,
        to_problem("submitted"),
    ),
    *form_rules(
        "rectification:problem_return",
        r.pk_of("submitted"),
        r.fields(reason="佐证材料不足"),
        verifiers,
        to_problem("submitted"),
    ),
    *form_rules(
        "rectification:problem_recheck",
        r.pk_of("closed"),
        r.fields(decision="confirmed", comment="未见反弹"),
        verifiers,
        to_problem("closed"),
    ),
    *form_rules(
        "rectification:problem_review",
        r.pk_of("ongoing"),
        r.fields(comment="本周期落实较好", score="80"),
        verifiers,
        to_problem("ongoing"),
    ),
    # Measures: managers, until submitted; ticked done by who carries them out.
    *form_rules(
        "rectification:measure_add",
        r.pk_of("draft"),
        r.measure_form,
        managers,
        to_problem("draft"),
    ),
    *form_rules(
        "rectification:measure_edit",
        r.measure_of("draft"),
        r.measure_edit_form("draft"),
        managers,
        to_problem("draft"),
    ),
    Rule(
        "rectification:measure_edit",
        "GET",
        managers(403),
        kwargs=r.measure_of("submitted"),
        label="submitted",
    ),
    Rule("rectification:measure_remove", "GET", managers(200), kwargs=r.measure_of("draft")),
    Rule(
        "rectification:measure_remove",
        "POST",
        managers(to_problem("draft")),
        kwargs=r.measure_of("draft"),
    ),
    Rule("rectification:measure_done", "GET", NOT_POST, kwargs=r.measure_of("rectifying")),
    Rule(
        "rectification:measure_done",
        "POST",
        managers(to_problem("rectifying")),
        kwargs=r.measure_of("rectifying"),
        data=r.fields(done="1"),
    ),
    # Progress with evidence: the responsible person and the managers, while under way.
    *form_rules(
        "rectification:note_add",
        r.pk_of("rectifying"),
        r.note_form,
        managers,
        to_problem("rectifying"),
    ),
    Rule(
        "rectification:note_add",
        "GET",
        managers(403),
        kwargs=r.pk_of("submitted"),
        label="submitted",
    ),
    # Evidence files: whoever sees the problem.
    Rule("rectification:evidence", "GET", VISIBLE, kwargs=r.evidence_of("rectifying")),
]
