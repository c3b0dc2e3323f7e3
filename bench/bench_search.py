"""Benchmark the Chinese full-text index (``jianxian.core.search``) on 100,000 deeds.

    DATABASE_URL=sqlite:////tmp/searchbench.sqlite3 uv run python -m bench.bench_search
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/jx_search_bench \\
        uv run python -m bench.bench_search

The first run (or ``--reset``) writes ``--docs`` generated deed stories into the index
through ``index_documents`` (the bulk path of the real index) and compacts it; later
runs reuse them. Then each query runs ``--warmup`` untimed and ``--repeat`` timed times
per scope: the whole city, a district (its 1/15 plus public deeds) and one unit (no public
deeds). It prints p50/p95/max in ms of one page (``search(limit=20)``) and of the total
(``count``, exact and ``up_to=1000``), of up to 5,000 ids (``search(limit=5000)``, as
the exemplar pages fetch them), and the time to re-index one deed. The target, p95 <
100 ms, applies to all but the exact count. See bench/README.md.
"""

from __future__ import annotations

import argparse
import itertools
import json
import math
import os
import random
import statistics
import sys
import time
import unicodedata
from dataclasses import asdict, dataclass
from datetime import UTC, datetime, timedelta
from functools import cache
from pathlib import Path

from bench.names import DISTRICTS, PLACES, NamePicker

TARGET_P95_MS = 100.0
PAGE = 20
CAP = 1000  # count(up_to=CAP): what a results page shows as "1,000+"
MANY = 5000  # search(limit=MANY): the ids the exemplar pages combine with ORM filters


def _words(text: str) -> list[str]:
    return text.split()


TIMES = _words(
    "2019年以来 2020年春节前夕 疫情防控期间 去年汛期 今年以来 多年来 近三年 2022年夏天 "
    "创建文明城市期间 脱贫攻坚中 乡村振兴工作中 改革攻坚阶段 寒冬腊月 台风过境后 开学之际"
)
ROLES = _words(
    "社区党委书记 驻村第一书记 派出所民警 乡村教师 护士长 主任医师 班组长 高级技师 技术员 "
    "网格员 志愿者 记者 审批科科长 纪检监察干部 企业负责人 团支部书记 妇联主席 环卫工人 "
    "公交司机 消防队员 乡镇干部 急诊科医生 质检员 养老院院长"
)
ACTIONS = _words(
    "带领群众修建灌溉水渠 坚守抗疫一线八十多天 攻克连铸坯表面裂纹难题 推行一窗通办改革 "
    "走访困难群众三百余户 组织志愿者开展义诊 连夜转移受灾群众 建立劳模创新工作室 "
    "手把手带出十二名徒弟 秉公执法查处违纪问题 推动企业数字化转型 牵头制定社区服务清单 "
    "帮助留守儿童完成学业 创新推出主题服务套餐 深入田间地头推广新品种 义务清理河道垃圾 "
    "为独居老人送餐上门 带头捐献造血干细胞 解决群众反映的停车难问题 "
    "改进焊接工艺降低能耗 跑遍全县调研营商环境 把矛盾纠纷化解在基层 "
    "用镜头记录基层干部的日常 开设党建引领多元共治工作坊 组织青年开展技能比武"
)
RESULTS = _words(
    "使审批时限压缩一半以上 受益群众达三千余人 为企业节约成本两百余万元 群众满意度明显提升 "
    "带动村集体经济增收 产品合格率提高到百分之九十九 事迹被多家媒体报道 "
    "形成可复制推广的经验 辖区发案率下降四成 培养出一批技术骨干 "
    "让群众办事最多跑一次 赢得了群众的信任和好评"
)
QUALITIES = _words("担当精神 战略眼光 务实作风 秉公执法 无私奉献 工匠精神 为民情怀 敢为人先")
HONOURS = _words(
    "全国劳动模范 省级优秀共产党员 市级先进工作者 最美医生 青年岗位能手 三八红旗手 "
    "五一劳动奖章 优秀志愿者 道德模范 最美基层干部"
)
QUOTES = _words(
    "群众的事再小也是大事 干一行就要爱一行 只要群众需要我就在 把每一件小事做好 "
    "办法总比困难多 干部就要为群众办实事"
)
REMARKS = _words("他常说 同事们都说 群众这样评价 她在日记里写道 老人们念叨")
RARE = ["鞠躬尽瘁，死而后已", "他把奖金全部捐给了聋哑学校", "冒着零下三十度的严寒抢修管道"]
HEROES = ["李正峰", "赵晓颖"]  # the demo's exemplars, in about 1 deed in 500

# (label, kind, query): kinds say what is measured; counts are printed beside them.
QUERIES = [
    ("1 char, common", "1", "的"),
    ("1 char, common", "1", "民"),
    ("1 char, rare", "1", "聋"),
    ("2 chars, common", "2", "群众"),
    ("2 chars, common", "2", "干部"),
    ("2 chars, rare", "2", "鞠躬"),
    ("3 chars, common", "3", "志愿者"),
    ("3 chars, rare", "3", "李正峰"),
    ("4 chars, common", "4", "无私奉献"),
    ("4 chars, rare", "4", "聋哑学校"),
    ("4 chars, very common", "4", "干部群众"),
    ("4 chars, no match", "4", "量子计算"),
    ("5 chars, common", "5", "的干部群众"),
    ("Traditional", "2", "幹部"),
    ("Traditional, 4", "4", "無私奉獻"),
    ("pinyin prefix", "latin", "lizh"),
    ("two parts", "2+2", "干部 改革"),
]
SCOPES = {"city": None, "district": ["1/5/"], "unit": ["1/5/512/"]}


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m bench.bench_search", description="Time the Chinese full-text index."
    )
    parser.add_argument("--docs", type=int, default=100_000, help="deeds (default 100000)")
    parser.add_argument("--seed", type=int, default=2024, help="random seed (default 2024)")
    parser.add_argument("--reset", action="store_true", help="index the deeds again")
    parser.add_argument("--repeat", type=int, default=100, help="timed runs per query and scope")
    parser.add_argument("--warmup", type=int, default=5, help="untimed runs first")
    parser.add_argument("--json", metavar="FILE", help="also write the results as JSON")
    parser.add_argument("--check", action="store_true", help="exit 1 when a p95 misses 100 ms")
    parser.add_argument("--force", action="store_true", help="allow var/jianxian.sqlite3")
    args = parser.parse_args(argv)
    if not 100 <= args.docs <= 5_000_000:
        parser.error("--docs must be between 100 and 5000000")
    if args.repeat < 1 or args.warmup < 0:
        parser.error("--repeat must be at least 1 and --warmup at least 0")
    return args


# --- the deeds ------------------------------------------------------------------------------


@cache
def _pinyin(name: str) -> str:
    from jianxian.core.search import name_terms

    return name_terms(name)


class DeedWriter:
    """Deed stories built from phrase pools: seeded, so the same seed, the same text."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.names = NamePicker(random.Random(seed + 1))
        self.places = [p + suffix for p in PLACES for suffix in ("社区", "村", "街道")]
        self.places += [d for d, _ in DISTRICTS]

    def name(self) -> str:
        if self.rng.random() < 0.002:
            return self.rng.choice(HEROES)
        return self.names.draw([self.rng.choice("mf")])[0]

    def sentence(self, name: str) -> str:
        r, c = self.rng, self.rng.choice
        match r.randrange(6):
            case 0:
                return f"{c(TIMES)}，{c(self.places)}的{c(ROLES)}{name}{c(ACTIONS)}，{c(RESULTS)}。"
            case 1:
                return f"{name}同志{c(ACTIONS)}，{c(RESULTS)}，体现了{c(QUALITIES)}。"
            case 2:
                return f"{c(REMARKS)}：“{c(QUOTES)}。”"
            case 3:
                first, second = r.sample(HONOURS, 2)
                return f"{name}先后荣获{first}、{second}等称号。"
            case 4:
                return f"在{name}的带动下，{c(self.places)}的干部群众{c(ACTIONS)}。"
            case _:
                return f"{r.randint(2015, 2024)}年{r.randint(1, 12)}月，{name}{c(ACTIONS)}。"

    def deed(self) -> str:
        name = self.name()
        title = f"{name}：{self.rng.choice(ACTIONS)}"
        body = "".join(self.sentence(name) for _ in range(self.rng.randint(3, 7)))
        if self.rng.random() < 0.001:
            body += self.rng.choice(RARE) + "。"
        return f"{title}\n{body}\n{name} {_pinyin(name)}"


def deed_documents(n: int, seed: int, model: type):
    from jianxian.core.search import Document

    writer = DeedWriter(seed)
    rng = random.Random(seed + 2)
    start = datetime(2015, 1, 1, tzinfo=UTC)
    for oid in range(1, n + 1):
        district = rng.randint(2, 16)
        unit = district * 100 + rng.randint(0, 39)
        yield Document(
            model,
            oid,
            writer.deed(),
            scope_path=f"1/{district}/{unit}/",
            is_public=rng.random() < 0.10,
            published=rng.random() >= 0.03,
            sort_key=start + timedelta(minutes=rng.randrange(10 * 365 * 24 * 60)),
        )


# --- loading and timing ----------------------------------------------------------------------


def bench_model() -> type:
    # The deeds are indexed under a stand-in model: the index never reads the model's
    # table, and core.search must not depend on the exemplars app.
    from jianxian.core.models import Event

    return Event


def load(args: argparse.Namespace) -> dict[str, float]:
    from django.contrib.contenttypes.models import ContentType

    from jianxian.core import search
    from jianxian.core.models import SearchDocument

    model = bench_model()
    rows = SearchDocument.objects.filter(content_type=ContentType.objects.get_for_model(model))
    if rows.count() == args.docs and not args.reset:
        print(f"Reusing the {args.docs} indexed deeds (--reset to index them again).")
        return {}
    started = time.perf_counter()
    rows.delete()
    deleted = time.perf_counter()
    written = 0
    documents = deed_documents(args.docs, args.seed, model)
    while chunk := list(itertools.islice(documents, 10_000)):
        written += search.index_documents(chunk, batch_size=1000)
        print(f"  indexed {written}/{args.docs} ({time.perf_counter() - deleted:.0f} s)")
    indexed = time.perf_counter()
    search.optimize()
    done = time.perf_counter()
    return {
        "clear_s": deleted - started,
        "index_s": indexed - deleted,
        "optimize_s": done - indexed,
    }


def database_size_mb() -> float:
    from django.db import connection

    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT page_count * page_size FROM pragma_page_count, pragma_page_size")
        else:
            cursor.execute("SELECT pg_total_relation_size('core_searchdocument')")
        return cursor.fetchone()[0] / 2**20


def _pad(text: str, width: int) -> str:
    """``text`` padded to ``width`` terminal columns (CJK characters take two)."""
    used = sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)
    return text + " " * max(0, width - used)


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, math.ceil(p * len(ordered)) - 1)]


def timed(fn, repeat: int, warmup: int) -> tuple[list[float], object]:
    result = None
    for _ in range(warmup):
        result = fn()
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        result = fn()
        samples.append((time.perf_counter() - started) * 1000)
    return samples, result


@dataclass
class Row:
    label: str
    query: str
    scope: str
    matches: int
    page: int
    p50: float
    p95: float
    max: float
    count_p50: float
    count_p95: float
    capped_p50: float
    capped_p95: float
    many_p50: float
    many_p95: float

    @property
    def ok(self) -> bool:
        return max(self.p95, self.capped_p95, self.many_p95) < TARGET_P95_MS


def run_queries(args: argparse.Namespace) -> list[Row]:
    from jianxian.core import search

    model = bench_model()
    rows = []
    for label, _kind, query in QUERIES:
        for scope, paths in SCOPES.items():
            public = scope != "unit"

            def page(q=query, p=paths, pub=public, limit=PAGE):
                return search.search(model, q, scope_paths=p, include_public=pub, limit=limit)

            def total(q=query, p=paths, pub=public, up_to=None):
                return search.count(model, q, scope_paths=p, include_public=pub, up_to=up_to)

            samples, ids = timed(page, args.repeat, args.warmup)
            counts, matches = timed(total, max(1, args.repeat // 4), min(args.warmup, 2))
            capped, _ = timed(lambda: total(up_to=CAP), max(1, args.repeat // 4), 1)
            many, _ = timed(lambda: page(limit=MANY), max(1, args.repeat // 4), 1)
            rows.append(
                Row(
                    label=label,
                    query=query,
                    scope=scope,
                    matches=int(matches),  # type: ignore[call-overload]
                    page=len(ids),  # type: ignore[arg-type]
                    p50=statistics.median(samples),
                    p95=percentile(samples, 0.95),
                    max=max(samples),
                    count_p50=statistics.median(counts),
                    count_p95=percentile(counts, 0.95),
                    capped_p50=statistics.median(capped),
                    capped_p95=percentile(capped, 0.95),
                    many_p50=statistics.median(many),
                    many_p95=percentile(many, 0.95),
                )
            )
            r = rows[-1]
            print(
                f"  {label:<18} {_pad(query, 10)} {scope:<8} {r.matches:>6}  "
                f"page {r.p50:6.2f} / {r.p95:6.2f} / {r.max:6.1f}  "
                f"count {r.count_p50:6.1f} / {r.count_p95:6.1f}  "
                f"count≤{CAP} {r.capped_p50:5.2f} / {r.capped_p95:5.2f}  "
                f"{MANY} ids {r.many_p50:5.1f} / {r.many_p95:5.1f} ms"
                + ("" if r.ok else "   MISSES TARGET")
            )
    return rows


def time_reindex(args: argparse.Namespace) -> dict[str, float]:
    """Re-index single deeds one at a time, each in its own transaction (as an action
    does)."""
    from django.db import transaction

    from jianxian.core import search

    model = bench_model()
    # The first 200 deeds again, as they are: the index ends as it was.
    docs = list(itertools.islice(deed_documents(args.docs, args.seed, model), 200))
    samples = []
    for doc in docs:
        started = time.perf_counter()
        with transaction.atomic():
            search.index_documents([doc])
        samples.append((time.perf_counter() - started) * 1000)
    return {"p50": statistics.median(samples), "p95": percentile(samples, 0.95)}


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.conf import settings

    settings.DEBUG = False  # no SQL logging
    from bench.generate_city import (
        GenerateError,
        default_dev_database,
        describe_database,
        ensure_database,
        migrate_if_needed,
    )

    if default_dev_database() and not args.force:
        print(
            f"Refusing to fill the development database ({describe_database()}) with "
            "benchmark deeds. Point DATABASE_URL at another database, or pass --force.",
            file=sys.stderr,
        )
        return 2
    try:
        ensure_database()
    except GenerateError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    migrate_if_needed()
    print(f"Search benchmark on {describe_database()}")
    loading = load(args)
    if loading:
        print("Loaded: " + ", ".join(f"{k} {v:.1f}" for k, v in loading.items()))
    print(f"Index size: {database_size_mb():.0f} MiB (the whole SQLite file / the PG table)")
    print(
        f"Per query and scope: matches; ms for a page of {PAGE} (p50 / p95 / max), "
        f"the exact count, the count up to {CAP}, up to {MANY} ids (p50 / p95 each)"
    )
    rows = run_queries(args)
    reindex = time_reindex(args)
    print(
        f"Re-index one deed (own transaction): p50 {reindex['p50']:.2f} ms, "
        f"p95 {reindex['p95']:.2f} ms"
    )
    misses = [r for r in rows if not r.ok]
    print(f"{len(rows) - len(misses)}/{len(rows)} within p95 < {TARGET_P95_MS:.0f} ms")
    if args.json:
        Path(args.json).write_text(
            json.dumps(
                {"loading": loading, "rows": [asdict(r) for r in rows], "reindex": reindex},
                ensure_ascii=False,
                indent=1,
            )
        )
    return 1 if args.check and misses else 0


if __name__ == "__main__":
    sys.exit(main())
