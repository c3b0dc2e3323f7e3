"""Print the demo logins as a table (Chinese with English)."""

import unicodedata
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import DatabaseError

from jianxian.core.demo import DEMO_LOGINS, DEMO_PASSWORD, DEMO_USERNAMES, LOGIN_PEOPLE, UNITS

HEADERS = ("用户名 Username", "密码 Password", "角色 Role", "单位 Unit", "人员 Person")


def display_width(text: str) -> int:
    """Terminal columns: CJK and full-width characters take two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def pad(text: str, width: int) -> str:
    return text + " " * (width - display_width(text))


def login_rows() -> list[tuple[str, ...]]:
    unit_names = {spec.code: spec.name for spec in UNITS}
    rows: list[tuple[str, ...]] = []
    for login in DEMO_LOGINS:
        person = LOGIN_PEOPLE[login.username]
        post_unit = unit_names[person.unit] if person.unit != login.unit else ""
        rows.append(
            (
                login.username,
                DEMO_PASSWORD,
                f"{login.role_zh} {login.role_en}",
                f"{unit_names[login.unit]} {login.unit_en}",
                f"{person.name} · {post_unit}{person.post}",
            )
        )
    return rows


class Command(BaseCommand):
    help = "Print the Qingzhou demo logins (username, password, role, unit)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--markdown", action="store_true", help="Print a Markdown table (for README)."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        rows = login_rows()
        if options["markdown"]:
            self.stdout.write("| " + " | ".join(HEADERS) + " |")
            self.stdout.write("|" + "---|" * len(HEADERS))
            for row in rows:
                self.stdout.write("| " + " | ".join((f"`{row[0]}`", *row[1:])) + " |")
            return
        widths = [max(display_width(r[i]) for r in [HEADERS, *rows]) for i in range(len(HEADERS))]
        self.stdout.write("清州演示账号 Qingzhou demo logins — http://127.0.0.1:8000/")
        header = "  ".join(pad(h, w) for h, w in zip(HEADERS, widths, strict=True))
        self.stdout.write(header.rstrip())
        self.stdout.write("  ".join("-" * w for w in widths))
        for row in rows:
            line = "  ".join(pad(c, w) for c, w in zip(row, widths, strict=True))
            self.stdout.write(line.rstrip())
        try:
            loaded = get_user_model().objects.filter(username__in=DEMO_USERNAMES).count()
        except DatabaseError:
            loaded = 0
        if loaded < len(DEMO_USERNAMES):
            self.stdout.write(
                self.style.WARNING(
                    "演示数据尚未加载 The demo is not loaded: run manage.py load_demo"
                )
            )
