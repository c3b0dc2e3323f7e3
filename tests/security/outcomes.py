"""What a role gets from a request: a status, a redirect, the sign-in page; and the
``roles()`` table that names one outcome per role."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qs, urlsplit

from django.conf import settings
from django.http import HttpResponseBase
from django.shortcuts import resolve_url
from django.urls import reverse

if TYPE_CHECKING:
    from tests.security.matrix import Ctx


class Outcome(ABC):
    """What one role gets from one request. ``allowed`` marks the outcomes that
    mean "the role may do this" (the CSRF test replays those without a token)."""

    allowed = True

    @abstractmethod
    def check(self, response: HttpResponseBase, path: str, ctx: Ctx) -> str | None:
        """None when the response matches, else what was wrong."""


@dataclass(frozen=True)
class Status(Outcome):
    codes: frozenset[int]

    def __init__(self, *codes: int) -> None:
        object.__setattr__(self, "codes", frozenset(codes))

    @property
    def allowed(self) -> bool:  # type: ignore[override]
        return all(code < 400 for code in self.codes)

    def check(self, response: HttpResponseBase, path: str, ctx: Ctx) -> str | None:
        if response.status_code in self.codes:
            return None
        return f"expected status {sorted(self.codes)}, got {_describe(response)}"

    def __repr__(self) -> str:
        return "/".join(str(c) for c in sorted(self.codes))


def _location(response: HttpResponseBase) -> tuple[str, dict[str, list[str]]]:
    parts = urlsplit(response.get("Location", ""))
    return parts.path, parse_qs(parts.query)


@dataclass(frozen=True)
class Redirect(Outcome):
    """302 to a URL name (reversed with ``kwargs`` built from the world) or a path."""

    to: str
    kwargs: Callable[[Ctx], dict[str, Any]] | None = None
    with_next: bool = False  # the login redirects carry ?next=<the requested path>

    def target(self, ctx: Ctx) -> str:
        if self.to.startswith("/"):
            return self.to
        if self.kwargs is not None:
            return reverse(self.to, kwargs=self.kwargs(ctx))
        return resolve_url(self.to)

    def check(self, response: HttpResponseBase, path: str, ctx: Ctx) -> str | None:
        target = self.target(ctx)
        if response.status_code != 302:
            return f"expected a redirect to {target}, got {_describe(response)}"
        location, query = _location(response)
        if location != target:
            return f"expected a redirect to {target}, got one to {response['Location']}"
        if self.with_next and query.get("next") != [path]:
            return f"the redirect should carry next={path}: {response['Location']}"
        return None

    def __repr__(self) -> str:
        return f"→{self.to}"


class _ToLogin(Redirect):
    allowed = False

    def __init__(self, to: str) -> None:
        super().__init__(to, with_next=True)

    def __repr__(self) -> str:
        return f"→{self.to}?next"


LOGIN = _ToLogin(settings.LOGIN_URL)  # an anonymous visitor is sent to sign in
ADMIN_LOGIN = _ToLogin("admin:login")  # anyone but staff is sent to the admin sign-in


class _PastAdminGate(Outcome):
    """The admin let the request through: whatever the admin then answers (a page, a
    redirect inside the admin, a 403 for a model without "add", a 404), it is not the
    admin sign-in and not a server error."""

    def check(self, response: HttpResponseBase, path: str, ctx: Ctx) -> str | None:
        if response.status_code >= 500:
            return f"server error: {_describe(response)}"
        if response.status_code == 302 and _location(response)[0] == reverse("admin:login"):
            return "a staff user was sent back to the admin sign-in"
        return None

    def __repr__(self) -> str:
        return "past-admin-gate"


PAST_ADMIN_GATE = _PastAdminGate()


def _describe(response: Any) -> str:
    text = f"{response.status_code}"
    if response.get("Location"):
        text += f" → {response['Location']}"
    content_type = response.get("Content-Type", "")
    if response.status_code >= 400 and "json" in content_type:
        text += f" {response.content[:200].decode(errors='replace')}"
    return text


def as_outcome(value: Outcome | int) -> Outcome:
    return Status(value) if isinstance(value, int) else value


def roles(
    *,
    anonymous: Outcome | int,
    other_district: Outcome | int,
    staff: Outcome | int,
    organizer: Outcome | int,
    parent_admin: Outcome | int,
    city_admin: Outcome | int,
    superuser: Outcome | int | None = None,
) -> dict[str, Outcome]:
    """The expectation of a rule, one outcome per role; every role must be named.
    ``superuser`` (a Django superuser) gets what ``city_admin`` gets unless given."""
    table = {
        "anonymous": anonymous,
        "other_district": other_district,
        "staff": staff,
        "organizer": organizer,
        "parent_admin": parent_admin,
        "city_admin": city_admin,
        "superuser": city_admin if superuser is None else superuser,
    }
    return {role: as_outcome(outcome) for role, outcome in table.items()}


def everyone(
    outcome: Outcome | int,
    *,
    anonymous: Outcome | int | None = None,
    superuser: Outcome | int | None = None,
) -> dict[str, Outcome]:
    """The same outcome for every signed-in role (and anonymous, unless given)."""
    return roles(
        anonymous=outcome if anonymous is None else anonymous,
        other_district=outcome,
        staff=outcome,
        organizer=outcome,
        parent_admin=outcome,
        city_admin=outcome,
        superuser=superuser,
    )
