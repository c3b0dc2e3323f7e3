"""Load the Qingzhou demo (idempotent: a second run changes nothing)."""

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from jianxian.core.demo import DemoError, load
from jianxian.core.errors import ActionError


class Command(BaseCommand):
    help = (
        "Load the Qingzhou (清州) demo: units, ~300 people, demo logins and their "
        "notifications, plus every app's demo data. Safe to run again."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.perf_counter()
        try:
            ctx = load(stdout=self.stdout if options["verbosity"] > 0 else None)
        except (ActionError, DemoError) as exc:
            message = getattr(exc, "message", None) or str(exc)
            raise CommandError(
                f"The demo could not be loaded; nothing was written. {message}"
            ) from exc
        if options["verbosity"] > 0:
            elapsed = time.perf_counter() - started
            state = "Loaded" if ctx.created_anything else "Already loaded; nothing changed"
            self.stdout.write(self.style.SUCCESS(f"{state} ({elapsed:.1f} s)."))
            self.stdout.write("Demo logins: manage.py demo_logins")
