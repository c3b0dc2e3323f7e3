"""Send the day's rectification reminders (run daily from cron; safe to run again)."""

import datetime
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser


class Command(BaseCommand):
    help = (
        "Remind responsible people of rectifications and measures due within 7 days or "
        "overdue, and verifiers of re-checks and periodic reviews that are due. Each "
        "reminder is sent once, so running it twice a day sends nothing new."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--date", help="Sweep as of this day (YYYY-MM-DD); default: today, local time."
        )
        parser.add_argument(
            "--enqueue",
            action="store_true",
            help="Queue the sweep as a background task instead of running it here.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        from jianxian.rectification import actions, tasks

        day = None
        if options["date"]:
            try:
                day = datetime.date.fromisoformat(options["date"])
            except ValueError:
                raise CommandError("--date must be YYYY-MM-DD.") from None
        if options["enqueue"]:
            result = tasks.send_rectification_reminders.enqueue(day.isoformat() if day else None)
            self.stdout.write(f"Queued the reminder sweep (task {result.id}).")
            return
        sent = actions.send_rectification_reminders(today=day)
        total = sum(sent.values())
        detail = ", ".join(f"{kind} {n}" for kind, n in sorted(sent.items())) or "none due"
        self.stdout.write(self.style.SUCCESS(f"Sent {total} reminder(s): {detail}."))
