"""What a demo module receives: lookups into the demo so far, and a tally of what it
found and what it created."""

from __future__ import annotations

from collections import Counter
from typing import Any, Protocol

from django.contrib.auth import get_user_model

from jianxian.core.models import Person, Unit


class Writer(Protocol):
    """Where the summary goes: a file, ``sys.stdout`` or a command's ``self.stdout``."""

    def write(self, msg: str, /) -> Any: ...


class DemoError(Exception):
    """The demo data is inconsistent (a unit or person it needs is missing)."""


class DemoContext:
    """Passed to every ``<app>.demo.load_demo(ctx)``.

    Lookups are by the demo's stable keys (unit codes, staff numbers, usernames) and
    cached. ``count(label, created=...)`` tallies what a module found or created, for
    the summary; a second load should tally nothing as created.
    """

    def __init__(self, stdout: Writer | None = None):
        self.stdout = stdout
        self.total: Counter[str] = Counter()
        self.created: Counter[str] = Counter()
        self._units: dict[str, Unit] = {}
        self._people: dict[str, Person] = {}
        self._users: dict[str, Any] = {}

    # --- lookups -------------------------------------------------------------

    def unit(self, code: str) -> Unit:
        if code not in self._units:
            unit = Unit.objects.filter(code=code).first()
            if unit is None:
                raise DemoError(f"Demo unit {code} does not exist; load the core demo first.")
            self._units[code] = unit
        return self._units[code]

    def person(self, staff_no: str) -> Person:
        if staff_no not in self._people:
            person = Person.objects.filter(staff_no=staff_no).first()
            if person is None:
                raise DemoError(f"Demo person {staff_no} does not exist.")
            self._people[staff_no] = person
        return self._people[staff_no]

    def figure(self, key: str) -> Person:
        """A named figure of the scenario, e.g. ``ctx.figure("journalist")``."""
        from jianxian.core.demo.people import FIGURES

        if key not in FIGURES:
            raise DemoError(f"No demo figure {key!r}; known: {', '.join(sorted(FIGURES))}.")
        return self.person(FIGURES[key].staff_no)

    def user(self, username: str) -> Any:
        if username not in self._users:
            user = get_user_model().objects.filter(username=username).first()
            if user is None:
                raise DemoError(f"Demo login {username} does not exist.")
            self._users[username] = user
        return self._users[username]

    def remember(self, obj: Unit | Person) -> None:
        """Cache a freshly created unit or person for later lookups."""
        if isinstance(obj, Unit) and obj.code:
            self._units[obj.code] = obj
        elif isinstance(obj, Person) and obj.staff_no:
            self._people[obj.staff_no] = obj

    # --- tally ---------------------------------------------------------------

    def count(self, label: str, *, created: bool, n: int = 1) -> None:
        self.total[label] += n
        if created:
            self.created[label] += n

    @property
    def created_anything(self) -> bool:
        return any(self.created.values())

    def write(self, line: str) -> None:
        if self.stdout is not None:
            self.stdout.write(line if line.endswith("\n") else line + "\n")

    def summary(self) -> str:
        parts = [f"{label} {n} ({self.created[label]} new)" for label, n in self.total.items()]
        return "Qingzhou demo: " + (", ".join(parts) if parts else "nothing to load") + "."
