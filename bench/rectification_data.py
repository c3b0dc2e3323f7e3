"""Bench data for the rectification ledger: 100,000 problems on a generated city, with
their measures and progress notes (see bench/README.md, ``bench_rectification``).

Problems go to the units where people work, in proportion to their staff (a random
current primary post gives the unit and the responsible person), so the benchmark's
district holds its share. Kinds, statuses, severities and sources are drawn with
realistic weights; due dates lie from eight months before the day of writing to eight
months after, so about a third of the open problems with a due date are overdue. Every
row satisfies the tables' constraints as the actions would leave it (stamps, scores and
re-check dates of closed problems, the review cycle of ongoing efforts, done measures
with their time). Rows go in with
``bench.citydb.bulk_insert`` (COPY on PostgreSQL) in one transaction, ``CHUNK``
problems at a time; no ``Event`` rows are written. Seeded: the same seed, the same rows.
"""

from __future__ import annotations

import random
import time
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

from bench.generate_city import GenerateError, describe_database

CHUNK = 5000

SUBJECTS = [
    "窗口服务", "审批流程", "干部作风", "会议组织", "理论学习", "基层走访", "档案管理",
    "专项资金使用", "安全生产检查", "重点项目推进", "群众诉求办理", "政务信息公开", "值班值守",
    "公文处理", "调查研究", "制度执行", "网格化管理", "志愿服务组织", "党员教育管理",
    "营商环境优化", "矛盾纠纷排查", "民生实事办理", "师徒结对帮带", "对标学习成果转化",
]  # fmt: skip
ISSUES = [
    "存在推诿扯皮现象", "流于形式、实效不强", "办理时限过长", "责任落实不到位",
    "台账记录不规范", "跟踪督办不及时", "创新意识不强", "标准执行不统一", "群众满意度不高",
    "统筹协调不够", "存在“重留痕、轻实效”倾向", "缺乏长效机制", "担当精神不足",
    "服务意识淡薄", "与先进单位差距明显", "问题整改不彻底",
]  # fmt: skip
FINDINGS = [
    "对照李正峰同志先进事迹，查摆发现{subject}方面{issue}。",
    "对标先进地区做法，{subject}工作{issue}。",
    "{month}月以来，群众反映{subject}相关问题{count}件，{issue}。",
    "部分同志对{subject}重视不够，推进措施不具体，{issue}。",
    "专项督查中发现{subject}{issue}，个别环节存在薄弱点。",
    "学习赵晓颖同志扎根基层的精神，反思自身{subject}工作{issue}。",
]
MEASURES = [
    "制定{subject}工作规范，明确责任分工", "开展{subject}专题培训{count}次",
    "建立问题整改台账，每周调度推进", "对照先进单位做法，优化{subject}流程",
    "落实首问负责制和限时办结制", "开展“回头看”专项检查", "将整改情况纳入年度绩效考核",
    "建立群众评价反馈机制", "组织班子成员开展对照检查", "每月通报{subject}工作进展",
    "邀请先进典型现场指导交流", "完善{subject}监督考核办法",
]  # fmt: skip
NOTES = [
    "已完成{subject}规范制定，相关制度已印发执行。",
    "组织开展专项检查，发现并整改问题{count}个。",
    "召开专题会议研究部署整改工作，明确时间表和责任人。",
    "赴先进单位学习交流，形成对标学习报告一份。",
    "整改措施已落实{count}项，群众反映问题明显减少。",
    "开展专题培训，参训干部{count}人次。",
]
SOURCES = {
    "seminar": ["理论学习中心组“担当精神”专题研讨", "理论学习中心组“战略眼光”专题研讨",
                "理论学习中心组“务实作风”专题研讨"],
    "reflection": ["个人对照检查材料", "专题组织生活会个人发言"],
    "benchmark": ["对标先进地区审批服务经验", "对标省级文明单位创建标准"],
    "inspection": ["2026年度作风建设专项督查", "市委巡察反馈意见"],
    "self_check": ["班子自查自纠", "社区“两委”自查"],
    "public_feedback": ["12345热线群众反映", "政务服务“好差评”"],
    "other": ["上级部门反馈"],
}  # fmt: skip
SOURCE_WEIGHT = {"seminar": 25, "reflection": 15, "benchmark": 15, "inspection": 15,
                 "self_check": 15, "public_feedback": 12, "other": 3}  # fmt: skip
KIND_WEIGHT = {"deadline": 60, "immediate": 25, "ongoing": 15}
STATUS_WEIGHT = {"draft": 10, "planned": 15, "rectifying": 35, "submitted": 10, "closed": 30}
ONGOING_STATUS = {"draft": 10, "planned": 15, "rectifying": 75}
SEVERITY_WEIGHT = {"general": 70, "serious": 25, "grave": 5}
STANDARDS = ["整改措施全部落实，群众满意度达到90%以上", "制度文件印发并执行三个月以上",
             "连续三个月无同类问题反映", "经检查验收无同类问题"]  # fmt: skip


@dataclass
class Summary:
    problems: int = 0
    measures: int = 0
    notes: int = 0
    by_status: dict[str, int] = field(default_factory=dict)
    timings: dict[str, float] = field(default_factory=dict)


def _pick(rng: random.Random, weights: dict[str, int]) -> str:
    return rng.choices(list(weights), list(weights.values()))[0]


def _moment(day: date, rng: random.Random) -> datetime:
    return datetime(
        day.year, day.month, day.day, rng.randint(1, 10), rng.randint(0, 59), tzinfo=UTC
    )


class ProblemWriter:
    """Draws the problems, their measures and notes (seeded)."""

    def __init__(
        self, seed: int, posts: list[tuple[int, int, str]], categories: list[int], today: date
    ):
        self.rng = random.Random(seed)
        self.posts, self.categories, self.today = posts, categories, today

    def text(self, template: str, subject: str, issue: str = "") -> str:
        rng = self.rng
        return template.format(
            subject=subject, issue=issue, month=rng.randint(1, 12), count=rng.randint(2, 30)
        )

    def problem(self, pk: int) -> tuple[dict[str, Any], list[dict[str, Any]], list[dict[str, Any]]]:
        rng = self.rng
        unit_id, person_id, path = rng.choice(self.posts)
        subject, issue = rng.choice(SUBJECTS), rng.choice(ISSUES)
        kind = _pick(rng, KIND_WEIGHT)
        status = _pick(rng, ONGOING_STATUS if kind == "ongoing" else STATUS_WEIGHT)
        source_kind = _pick(rng, SOURCE_WEIGHT)
        created = self.today - timedelta(days=rng.randint(20, 700))
        row: dict[str, Any] = {
            "id": pk,
            "unit_id": unit_id,
            "unit_path": path,
            "responsible_id": person_id,
            "title": f"{subject}{issue}",
            "description": "".join(
                self.text(t, subject, issue) for t in rng.sample(FINDINGS, rng.randint(1, 2))
            ),
            "category_id": rng.choice(self.categories),
            "source_kind": source_kind,
            "source_label": rng.choice(SOURCES[source_kind]),
            "severity": _pick(rng, SEVERITY_WEIGHT),
            "kind": kind,
            "status": status,
            "acceptance_standard": "" if status == "draft" else rng.choice(STANDARDS),
            "created_at": _moment(created, rng),
        }
        if kind == "ongoing":
            cycle = rng.choice([30, 60, 90, 180])
            row["review_cycle_days"] = cycle
            if status == "rectifying":
                row["next_review_date"] = self.today + timedelta(days=rng.randint(-20, cycle))
        elif kind == "immediate":
            row["due_date"] = self.today + timedelta(days=rng.randint(-240, 30))
        else:
            row["due_date"] = self.today + timedelta(days=rng.randint(-240, 240))
        if status in ("submitted", "closed"):
            row["submitted_at"] = _moment(self.today - timedelta(days=rng.randint(1, 15)), rng)
        if status == "closed":
            closed = self.today - timedelta(days=rng.randint(0, 400))
            row["submitted_at"] = _moment(closed - timedelta(days=rng.randint(1, 10)), rng)
            row["closed_at"] = _moment(closed, rng)
            row["effectiveness_score"] = rng.randint(60, 100)
            row["recheck_due"] = closed + timedelta(days=182)
        elif status == "rectifying" and rng.random() < 0.03:
            row["reopen_count"] = 1
        row["updated_at"] = row.get("closed_at") or row.get("submitted_at") or row["created_at"]
        measures = self.measures(row, subject)
        notes = self.notes(row, subject)
        return row, measures, notes

    def measures(self, problem: dict[str, Any], subject: str) -> list[dict[str, Any]]:
        rng, status = self.rng, problem["status"]
        count = rng.randint(0, 2) if status == "draft" else rng.randint(1, 4)
        done_share = {"submitted": 1.0, "closed": 1.0, "rectifying": 0.5}.get(status, 0.0)
        rows = []
        for position, template in enumerate(rng.sample(MEASURES, count)):
            done = rng.random() < done_share
            rows.append(
                {
                    "problem_id": problem["id"],
                    "position": position,
                    "description": self.text(template, subject),
                    "owner_id": problem["responsible_id"] if rng.random() < 0.3 else None,
                    "done": done,
                    "done_at": problem["updated_at"] if done else None,
                    "created_at": problem["created_at"],
                    "updated_at": problem["updated_at"],
                }
            )
        return rows

    def notes(self, problem: dict[str, Any], subject: str) -> list[dict[str, Any]]:
        rng = self.rng
        if problem["status"] not in ("rectifying", "submitted", "closed"):
            return []
        start: datetime = problem["created_at"]
        return [
            {
                "problem_id": problem["id"],
                "body": self.text(rng.choice(NOTES), subject),
                "created_at": start + timedelta(days=rng.randint(1, 19), hours=n),
            }
            for n in range(rng.randint(0, 3) if problem["status"] == "rectifying" else 2)
        ]


def reset_problems() -> None:
    """Empty the rectification tables (the categories stay)."""
    from django.core.management.color import no_style
    from django.db import connection

    from jianxian.rectification.models import (
        Evidence,
        Measure,
        Problem,
        ProgressNote,
        Reminder,
        Verification,
    )

    tables = [m._meta.db_table for m in (Evidence, Reminder, Verification, ProgressNote,
                                          Measure, Problem)]  # fmt: skip
    statements = connection.ops.sql_flush(
        no_style(), tables, reset_sequences=True, allow_cascade=True
    )
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    connection.ops.execute_sql_flush(statements)


def _load() -> tuple[list[tuple[int, int, str]], list[int]]:
    from jianxian.core.models import Membership
    from jianxian.rectification.models import Category

    posts = list(
        Membership.objects.current()
        .filter(is_primary=True)
        .order_by("id")
        .values_list("unit_id", "person_id", "unit__path")
    )
    categories = list(
        Category.objects.filter(is_active=True).order_by("id").values_list("pk", flat=True)
    )
    if not posts:
        raise GenerateError("The city has no posts: run bench.generate_city first")
    if not categories:
        raise GenerateError("No problem categories: migrate the rectification app first")
    return posts, categories


def _next_id(model: Any) -> int:
    return 1 + (model._default_manager.order_by("-id").values_list("id", flat=True).first() or 0)


def generate(
    *, problems: int = 100_000, seed: int = 2024, reset: bool = False, today: date | None = None
) -> Summary:
    """Write ``problems`` problems with measures and notes into the default database, with
    due dates around ``today`` (by default the day it runs)."""
    from django.core.management.color import no_style
    from django.db import connection, transaction
    from django.utils import timezone

    from bench.citydb import analyze, bulk_insert
    from jianxian.rectification.models import Measure, Problem, ProgressNote

    summary = Summary()
    started = time.perf_counter()
    existing = Problem.objects.count()
    if existing and not reset:
        raise GenerateError(
            f"{describe_database()} already holds {existing} problems. Pass --reset to wipe "
            "the rectification tables first."
        )
    posts, categories = _load()
    writer = ProblemWriter(seed, posts, categories, today or timezone.localdate())
    with transaction.atomic():
        if reset:
            reset_problems()
        first = _next_id(Problem)
        measure_id, note_id = _next_id(Measure), _next_id(ProgressNote)
        for start in range(0, problems, CHUNK):
            rows, measures, notes = [], [], []
            for pk in range(first + start, first + min(start + CHUNK, problems)):
                row, its_measures, its_notes = writer.problem(pk)
                rows.append(Problem(**row))
                for values in its_measures:
                    measures.append(Measure(id=measure_id, **values))
                    measure_id += 1
                for values in its_notes:
                    notes.append(ProgressNote(id=note_id, **values))
                    note_id += 1
                summary.by_status[row["status"]] = summary.by_status.get(row["status"], 0) + 1
            bulk_insert(Problem, rows)
            bulk_insert(Measure, measures)
            bulk_insert(ProgressNote, notes)
            summary.problems += len(rows)
            summary.measures += len(measures)
            summary.notes += len(notes)
        with connection.cursor() as cursor:
            models = [Problem, Measure, ProgressNote]
            for statement in connection.ops.sequence_reset_sql(no_style(), models):
                cursor.execute(statement)
    summary.timings["write"] = time.perf_counter() - started
    analyze_started = time.perf_counter()
    analyze()
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql" and not connection.in_atomic_block:
            for model in (Problem, Measure, ProgressNote):
                cursor.execute(f"VACUUM ANALYZE {connection.ops.quote_name(model._meta.db_table)}")
    summary.timings["analyze"] = time.perf_counter() - analyze_started
    summary.timings["total"] = time.perf_counter() - started
    return summary
