"""The problem lists of the Qingzhou demo (issue 4 §7): the Dongcheng district committee's
theory-study seminar on "first-in-command" capacity (担当精神、战略眼光、务实作风), the
approval bureau's benchmarking against 南江市 "最多跑一次", a community's self-check
and a citizen's hotline complaint. Between them every status is shown, some deadlines
have passed, some problems are closed with scores, and one came back at its re-check.
"""

from __future__ import annotations

from jianxian.rectification.demo.approval import APPROVAL
from jianxian.rectification.demo.cuiliu import CUILIU
from jianxian.rectification.demo.dongcheng import DONGCHENG
from jianxian.rectification.demo.spec import ProblemSpec, SourceSpec

SOURCES: dict[str, SourceSpec] = {
    "dc-seminar": SourceSpec("seminar", "区委理论学习中心组专题研讨（{month}）", -300, "district"),
    "approval-benchmark": SourceSpec(
        "benchmark",
        "对标南江市“最多跑一次”改革调研报告（{month}）",
        -200,
        "approval",
        exemplar=("QZ-APPROVAL", "南江市“最多跑一次”改革"),
    ),
    "cuiliu-self-check": SourceSpec(
        "self_check", "翠柳社区“两委”班子自查自纠（{month}）", -150, "district"
    ),
    "hotline": SourceSpec(
        "public_feedback", "12345政务服务便民热线工单（{month}）", -58, "district"
    ),
}

PROBLEMS: tuple[ProblemSpec, ...] = (*DONGCHENG, *APPROVAL, *CUILIU)
