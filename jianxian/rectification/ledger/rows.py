"""The rows of a 整改台账, read in chunks: what the Excel and the PDF ledger both show.

``LedgerRows`` first reads the ids of the problems in the caller's order (one query), then
reads ``CHUNK`` problems at a time with three queries: the problems with their unit,
person and category names (one join), their measures, and their latest
``LATEST_NOTES`` progress notes with the number of notes (a window query). So the
queries grow with the number of chunks, never with the rows, and only one chunk is in
memory at a time. Rows are plain values, not model instances: building 10,000 model
instances with their related objects cost more than writing the workbook.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, F, QuerySet, Window
from django.db.models.functions import RowNumber
from django.utils import timezone

from jianxian.rectification.ledger.labels import (
    KIND_LABELS,
    SOURCE_LABELS,
    STATUS_LABELS,
    label_of,
)
from jianxian.rectification.models import (
    Measure,
    Problem,
    ProblemKind,
    ProblemStatus,
    ProgressNote,
)

CHUNK = 2000
LATEST_NOTES = 3  # the progress column shows the latest few notes
CELL_MAX = 32_000  # Excel keeps at most 32,767 characters in a cell
CUT = "…（已截断）"

# The ledger's columns, in order: the eight of the usual 整改台账 first.
HEADERS: tuple[str, ...] = (
    "序号",
    "问题描述",
    "整改措施",
    "责任单位",
    "责任人",
    "完成时限",
    "整改进展",
    "完成情况",
    "类别",
    "来源",
    "状态",
)

# What a row reads of a problem (``QuerySet.values``).
FIELDS = (
    "id",
    "title",
    "description",
    "status",
    "kind",
    "source_kind",
    "source_label",
    "due_date",
    "review_cycle_days",
    "next_review_date",
    "submitted_at",
    "closed_at",
    "effectiveness_score",
    "reopen_count",
    "unit__name",
    "responsible__name",
    "category__name",
)


@dataclass(frozen=True)
class LedgerRow:
    """One problem as the ledger shows it; every field but ``number`` and ``due`` is
    text, ready to write."""

    number: int
    pk: int
    title: str
    description: str
    measures: str
    unit: str
    responsible: str
    due: datetime.date | str  # a date, or the review cycle of an ongoing effort
    progress: str
    completion: str
    category: str
    source: str
    status: str
    overdue_days: int  # 0 unless overdue

    @property
    def problem(self) -> str:
        """The 问题描述 cell: the title, and the description below it."""
        return f"{self.title}\n{self.description}" if self.description else self.title

    @property
    def due_text(self) -> str:
        return _date(self.due) if isinstance(self.due, datetime.date) else self.due

    def cells(self) -> list[object]:
        return [
            self.number,
            self.problem,
            self.measures,
            self.unit,
            self.responsible,
            self.due,
            self.progress,
            self.completion,
            self.category,
            self.source,
            self.status,
        ]


def capped(text: str) -> str:
    """``text`` cut to what an Excel cell holds, saying so."""
    return text if len(text) <= CELL_MAX else text[: CELL_MAX - len(CUT)] + CUT


def _date(value: datetime.date) -> str:
    return f"{value:%Y-%m-%d}"


def _local_date(moment: datetime.datetime) -> datetime.date:
    return timezone.localtime(moment).date() if timezone.is_aware(moment) else moment.date()


def measures_text(measures: list[tuple[str, bool]]) -> str:
    """``1. …`` per measure (description, done), in order, the done ones marked."""
    return "\n".join(
        f"{index}. {description.strip()}{'（已完成）' if done else ''}"
        for index, (description, done) in enumerate(measures, start=1)
    )


def progress_text(notes: list[tuple[str, datetime.datetime]], total: int) -> str:
    """The latest notes (body, time; newest first as read), oldest of them first, each
    with its date."""
    lines = [f"{_date(_local_date(moment))}：{body.strip()}" for body, moment in reversed(notes)]
    if total > len(notes):
        lines.append(f"（共 {total} 条进展，列出最近 {len(notes)} 条）")
    return "\n".join(lines)


def overdue_days(problem: dict[str, Any], today: datetime.date) -> int:
    """Days past the due date of an open problem (``Problem.is_overdue``); else 0."""
    due = problem["due_date"]
    if problem["status"] != ProblemStatus.CLOSED and due is not None and due < today:
        return (today - due).days
    return 0


def completion_text(problem: dict[str, Any], today: datetime.date) -> str:
    """完成情况: the status, with the closing date and score (已销号), the submission
    date, the next review of an ongoing effort, or how many days overdue."""
    status = problem["status"]
    parts: list[str] = []
    if status == ProblemStatus.CLOSED and problem["closed_at"] is not None:
        closed = _date(_local_date(problem["closed_at"]))
        parts.append(f"{closed}，成效评分 {problem['effectiveness_score']}")
    elif status == ProblemStatus.SUBMITTED and problem["submitted_at"] is not None:
        parts.append(f"{_date(_local_date(problem['submitted_at']))} 提交验收")
    elif problem["kind"] == ProblemKind.ONGOING and problem["next_review_date"] is not None:
        parts.append(f"下次评估 {_date(problem['next_review_date'])}")
    late = overdue_days(problem, today)
    if late:
        parts.append(f"逾期 {late} 天")
    if problem["reopen_count"]:
        parts.append(f"复查后重新整改 {problem['reopen_count']} 次")
    label = label_of(STATUS_LABELS, status)
    return f"{label}（{'，'.join(parts)}）" if parts else label


def due_value(problem: dict[str, Any]) -> datetime.date | str:
    """完成时限: the due date, or for an ongoing effort its review cycle."""
    if problem["kind"] == ProblemKind.ONGOING or problem["due_date"] is None:
        days = problem["review_cycle_days"]
        cycle = f"，每 {days} 天评估" if days else ""
        return f"{label_of(KIND_LABELS, ProblemKind.ONGOING)}{cycle}"
    due: datetime.date = problem["due_date"]
    return due


def source_text(problem: dict[str, Any]) -> str:
    source = label_of(SOURCE_LABELS, problem["source_kind"])
    label = problem["source_label"]
    return f"{source}：{label}" if label and label != source else source


def row_of(
    number: int,
    problem: dict[str, Any],
    measures: list[tuple[str, bool]],
    notes: list[tuple[str, datetime.datetime]],
    note_count: int,
    today: datetime.date,
) -> LedgerRow:
    return LedgerRow(
        number=number,
        pk=problem["id"],
        title=problem["title"],
        description=capped(problem["description"].strip()),
        measures=capped(measures_text(measures)),
        unit=problem["unit__name"],
        responsible=problem["responsible__name"],
        due=due_value(problem),
        progress=capped(progress_text(notes, note_count)),
        completion=completion_text(problem, today),
        category=problem["category__name"],
        source=source_text(problem),
        status=label_of(STATUS_LABELS, problem["status"]),
        overdue_days=overdue_days(problem, today),
    )


class LedgerRows:
    """The ledger's rows for ``problems`` (already narrowed to what the reader may
    see), in the queryset's order, numbered from 1. ``len()`` is known once the ids are
    read, before any row is built."""

    def __init__(self, problems: QuerySet[Problem], *, today: datetime.date):
        self.today = today
        self.ids: list[int] = list(problems.values_list("pk", flat=True))

    def __len__(self) -> int:
        return len(self.ids)

    def __iter__(self) -> Iterator[LedgerRow]:
        number = 0
        for start in range(0, len(self.ids), CHUNK):
            chunk = self.ids[start : start + CHUNK]
            problems = {p["id"]: p for p in Problem.objects.filter(pk__in=chunk).values(*FIELDS)}
            measures = self._measures(chunk)
            notes, counts = self._notes(chunk)
            for pk in chunk:
                problem = problems.get(pk)
                if problem is None:  # deleted since the ids were read
                    continue
                number += 1
                yield row_of(
                    number, problem, measures[pk], notes[pk], counts.get(pk, 0), self.today
                )

    @staticmethod
    def _measures(chunk: list[int]) -> dict[int, list[tuple[str, bool]]]:
        found: dict[int, list[tuple[str, bool]]] = defaultdict(list)
        rows = (
            Measure.objects.filter(problem_id__in=chunk)
            .order_by("problem_id", "position", "id")
            .values_list("problem_id", "description", "done")
        )
        for problem_id, description, done in rows:
            found[problem_id].append((description, done))
        return found

    @staticmethod
    def _notes(
        chunk: list[int],
    ) -> tuple[dict[int, list[tuple[str, datetime.datetime]]], dict[int, int]]:
        """The latest notes of each problem, newest first, and how many it has."""
        partition = [F("problem_id")]
        rows = (
            ProgressNote.objects.filter(problem_id__in=chunk)
            .annotate(
                rank=Window(
                    RowNumber(),
                    partition_by=partition,
                    order_by=[F("created_at").desc(), F("id").desc()],
                ),
                total=Window(Count("id"), partition_by=partition),
            )
            .filter(rank__lte=LATEST_NOTES)
            .order_by("problem_id", "rank")
            .values_list("problem_id", "body", "created_at", "total")
        )
        found: dict[int, list[tuple[str, datetime.datetime]]] = defaultdict(list)
        counts: dict[int, int] = {}
        for problem_id, body, created_at, total in rows:
            found[problem_id].append((body, created_at))
            counts[problem_id] = total
        return found, counts


def ledger_rows(problems: QuerySet[Problem], *, today: datetime.date) -> LedgerRows:
    """The ledger's rows (see ``LedgerRows``)."""
    return LedgerRows(problems, today=today)
