"""The rectification ledgers of the Qingzhou demo (issue 4 §7).

``load_demo(ctx)`` runs after the core and exemplar demos. Every row is written through
``rectification.actions`` by the demo logins, as a real ledger is kept: the district
admin (``district``) and the approval bureau's organizer (``approval``) enter and plan
the problems; the responsible people with a login (``staff``, ``community``) or else
the managers report progress with evidence and submit; the verifier (``verifier``, or
``cityadmin``) accepts, returns, re-checks and reviews — never the responsible person
nor the submitter. The history is backdated through the actions' ``now=``, counted in
days before the load, so overdue and due-soon problems stay so whenever it is loaded.

A problem is recognised again by its unit and title: a second load creates nothing.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone

from jianxian.core.demo import DemoContext, DemoError
from jianxian.core.models import Person
from jianxian.rectification import actions
from jianxian.rectification.demo.evidence import evidence_file
from jianxian.rectification.demo.problems import PROBLEMS, SOURCES
from jianxian.rectification.demo.spec import ProblemSpec, SourceSpec, Step
from jianxian.rectification.models import Category, Problem

__all__ = ["PROBLEMS", "SOURCES", "load_demo"]


def load_demo(ctx: DemoContext) -> None:
    """Load (or find) the demo's problems, each with its measures and history."""
    today = timezone.localdate()
    for spec in PROBLEMS:
        exists = Problem.objects.filter(unit=ctx.unit(spec.unit), title=spec.title).exists()
        if not exists:
            _Builder(ctx, spec, today).build()
        ctx.count("rectification problems", created=not exists)


def source_label(source: SourceSpec, today: datetime.date) -> str:
    day = today + datetime.timedelta(days=source.day)
    return source.label.format(month=f"{day.year}年{day.month}月")


def find_person(ctx: DemoContext, ref: str) -> Person:
    """A staff number, or ``<unit code>|<post>`` for the generated staff."""
    if "|" not in ref:
        return ctx.person(ref)
    code, post = ref.split("|", 1)
    person = (
        Person.objects.filter(
            memberships__unit__code=code,
            memberships__post=post,
            memberships__end_date__isnull=True,
        )
        .order_by("staff_no")
        .first()
    )
    if person is None:
        raise DemoError(f"No demo person holds the post {post} in {code}.")
    return person


class _Builder:
    def __init__(self, ctx: DemoContext, spec: ProblemSpec, today: datetime.date):
        self.ctx, self.spec, self.today = ctx, spec, today
        self.source = SOURCES[spec.source]
        self.creator = ctx.user(self.source.creator)
        self.worker = ctx.user(spec.worker) if spec.worker else self.creator
        self.problem: Problem | None = None
        self.step_number = 0

    def at(self, day: int) -> datetime.datetime:
        """10:00 on that day, a minute later for each step, so the history keeps its order."""
        if day >= 0:
            raise DemoError(f"{self.spec.key}: a step on day {day} would lie in the future.")
        self.step_number += 1
        moment = datetime.datetime.combine(
            self.today + datetime.timedelta(days=day), datetime.time(10)
        ) + datetime.timedelta(minutes=self.step_number)
        return timezone.make_aware(moment)

    def date(self, offset: int | None) -> datetime.date | None:
        return None if offset is None else self.today + datetime.timedelta(days=offset)

    def build(self) -> Problem:
        spec, source = self.spec, self.source
        category = Category.objects.filter(name=spec.category, is_active=True).first()
        category = category or Category.objects.active().first()
        if category is None:
            raise DemoError("The rectification demo needs at least one problem category in use.")
        linked = None
        if source.exemplar is not None:
            from jianxian.exemplars.models import Exemplar

            code, name = source.exemplar
            linked = Exemplar.objects.filter(owner_unit__code=code, name=name).first()
        created = self.at(source.day + spec.found)
        problem = actions.create_problem(
            actor=self.creator,
            unit=self.ctx.unit(spec.unit),
            responsible=find_person(self.ctx, spec.responsible),
            title=spec.title,
            description=spec.description,
            category=category,
            kind=spec.kind,
            severity=spec.severity,
            source_kind=source.kind,
            source=linked,
            source_label=source_label(source, self.today),
            due_date=self.date(spec.due),
            review_cycle_days=spec.cycle,
            acceptance_standard=spec.standard,
            now=created,
        )
        for item in spec.measures:
            actions.add_measure(
                actor=self.creator,
                problem=problem,
                description=item.text,
                owner=find_person(self.ctx, item.owner) if item.owner else None,
                due_date=self.date(item.due),
                now=created,
            )
        self.problem = problem
        for step in spec.steps:
            self.run(step)
        return problem

    def user(self, step: Step, default: Any) -> Any:
        return self.ctx.user(step.actor) if step.actor else default

    def run(self, step: Step) -> None:
        assert self.problem is not None
        problem = Problem.objects.get(pk=self.problem.pk)
        self.problem = problem
        now = self.at(step.day)
        verb = step.verb
        if verb == "plan":
            actions.plan_problem(actor=self.user(step, self.creator), problem=problem, now=now)
        elif verb == "start":
            actions.start_problem(actor=self.user(step, self.worker), problem=problem, now=now)
        elif verb in ("done", "undone"):
            measure = list(problem.measures.order_by("position", "id"))[step.item]
            mark = actions.mark_measure_done if verb == "done" else actions.mark_measure_undone
            mark(actor=self.user(step, self.worker), measure=measure, now=now)
        elif verb == "note":
            actions.add_progress_note(
                actor=self.user(step, self.worker),
                problem=problem,
                body=step.text,
                files=[(f.name, evidence_file(f)) for f in step.files],
                now=now,
            )
        elif verb == "submit":
            actions.submit_problem(actor=self.user(step, self.worker), problem=problem, now=now)
        elif verb == "close":
            actions.close_problem(
                actor=self.user(step, self.ctx.user("verifier")),
                problem=problem,
                score=step.score,
                comment=step.text,
                now=now,
            )
        elif verb == "return":
            actions.return_problem(
                actor=self.user(step, self.ctx.user("verifier")),
                problem=problem,
                reason=step.text,
                now=now,
            )
        elif verb == "recheck":
            actions.recheck_problem(
                actor=self.user(step, self.ctx.user("verifier")),
                problem=problem,
                decision=step.decision,
                comment=step.text,
                now=now,
            )
        elif verb == "review":
            actions.review_problem_cycle(
                actor=self.user(step, self.ctx.user("verifier")),
                problem=problem,
                comment=step.text,
                score=step.score,
                now=now,
            )
        elif verb == "measure":
            actions.add_measure(
                actor=self.user(step, self.creator),
                problem=problem,
                description=step.text,
                due_date=self.date(step.due),
                now=now,
            )
        elif verb == "redate":
            actions.update_problem(
                actor=self.user(step, self.creator),
                problem=problem,
                version=problem.version,
                due_date=self.date(step.due),
                note=step.text,
                now=now,
            )
        else:
            raise DemoError(f"{self.spec.key}: unknown step {verb!r}.")
