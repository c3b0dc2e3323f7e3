"""The access matrix: every route in the resolver, every role, an explicit expectation.

The rule tables live in ``tests/security/rules/<area>.py`` as plain data (``RULES``
lists of :class:`Rule`). This module walks the URL resolver, matches routes to rules,
builds requests from the test world and checks responses against outcomes.

A route is identified by

* its URL name with namespace (``"core:unit_detail"``), or its full pattern with a
  leading slash when it has no name (``"/admin/auth/group/<path:object_id>/"``);
* for a django-ninja operation, its full pattern with a leading slash *and* the
  method: ``Rule("/api/v1/units/<int:unit_id>", "PATCH", ...)``;
* a rule whose route ends in ``*`` is a wildcard over every route whose pattern
  starts with the rest (``"/admin/*"``); a route with an exact rule of its own is
  not matched by wildcards.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.urls import resolve, reverse

from tests.security.outcomes import (
    ADMIN_LOGIN,
    LOGIN,
    PAST_ADMIN_GATE,
    Outcome,
    Redirect,
    Status,
    everyone,
    roles,
)
from tests.security.routes import Endpoint, all_endpoints, fill_pattern
from tests.world import ROLES, World

__all__ = [
    "ADMIN_LOGIN",
    "LOGIN",
    "PAST_ADMIN_GATE",
    "Case",
    "Ctx",
    "Endpoint",
    "Outcome",
    "Redirect",
    "Rule",
    "Status",
    "all_endpoints",
    "everyone",
    "perform",
    "roles",
    "rules_for",
]

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})
CSRF_SECRET = "Jx" * 16  # an unmasked 32-character CSRF secret, as cookie and header


# --- Rules ------------------------------------------------------------------


@dataclass(frozen=True)
class Ctx:
    """What a rule's builders get: the world, the role tried and the route."""

    world: World
    role: str
    endpoint: Endpoint

    @property
    def user(self) -> Any:
        return self.world.user(self.role)


Builder = Callable[[Ctx], dict[str, Any]]


def _nothing(ctx: Ctx) -> dict[str, Any]:
    return {}


@dataclass(frozen=True)
class Rule:
    """What each role may do on one route with one method.

    ``kwargs`` builds the URL parameters, ``query`` the query string, ``data`` the
    form fields (HTML) or JSON body (API). ``label`` tells several rules of the same
    route apart (e.g. "own token" and "someone else's token").
    """

    route: str
    method: str
    expect: Mapping[str, Outcome]
    kwargs: Builder = _nothing
    query: Builder = _nothing
    data: Builder | None = None
    label: str = ""
    source: str = field(default="", compare=False)  # the rules module, set on collection

    def __post_init__(self) -> None:
        missing = [role for role in (*ROLES, "superuser") if role not in self.expect]
        if missing:
            raise ValueError(f"rule {self.route} {self.method} names no outcome for {missing}")
        if self.method != self.method.upper():
            raise ValueError(f"rule {self.route}: write the method in capitals")

    @property
    def is_wildcard(self) -> bool:
        return self.route.endswith("*")

    def matches(self, endpoint: Endpoint) -> bool:
        if self.is_wildcard:
            return endpoint.path.startswith(self.route[:-1])
        if endpoint.is_api:
            return self.route == endpoint.path and self.method == endpoint.method
        return self.route in {endpoint.name, endpoint.path}

    def describe(self) -> str:
        label = f" ({self.label})" if self.label else ""
        return f"{self.method} {self.route}{label}"


def rules_for(endpoint: Endpoint, rules: list[Rule]) -> list[Rule]:
    """The rules that apply to a route: its exact rules, else the wildcards."""
    exact = [r for r in rules if not r.is_wildcard and r.matches(endpoint)]
    return exact or [r for r in rules if r.is_wildcard and r.matches(endpoint)]


# --- Requests ---------------------------------------------------------------


@dataclass(frozen=True)
class Case:
    """One cell of the matrix: a route, a rule, a role and (API) how it signs in."""

    endpoint: Endpoint
    rule: Rule
    role: str
    auth: str  # "session", "token" (API only) or "none" (anonymous)

    @property
    def id(self) -> str:
        label = f"({self.rule.label})" if self.rule.label else ""
        route = self.endpoint.path if self.endpoint.is_api else self.endpoint.key
        suffix = "-token" if self.auth == "token" else ""
        return f"{self.rule.method}:{route}{label}-{self.role}{suffix}"

    @property
    def expected(self) -> Outcome:
        return self.rule.expect[self.role]


def build_path(case: Case, world: World) -> tuple[str, Ctx]:
    ctx = Ctx(world, case.role, case.endpoint)
    kwargs = case.rule.kwargs(ctx)
    if case.endpoint.name and not case.endpoint.is_api:
        path = reverse(case.endpoint.name, kwargs=kwargs)
    else:
        path = fill_pattern(case.endpoint.pattern, kwargs)
    match = resolve(path)
    if match.route != case.endpoint.pattern:
        raise AssertionError(
            f"{case.rule.describe()}: {path} resolves to {match.route!r}, not to the "
            f"route under test {case.endpoint.pattern!r}; fix the rule's kwargs"
        )
    return path, ctx


@dataclass(frozen=True)
class Result:
    response: Any
    path: str  # the requested path with its query string
    ctx: Ctx

    def problem(self, outcome: Outcome) -> str | None:
        return outcome.check(self.response, self.path, self.ctx)


def perform(client: Any, case: Case, world: World, *, csrf: bool = True) -> Result:
    """Send the case's request the way a real client would.

    A browser (a signed-in session, or an anonymous HTML form) sends the CSRF cookie
    and token on unsafe requests; ``csrf=False`` leaves them out. A token client and
    an anonymous API client send no cookies at all.
    """
    path, ctx = build_path(case, world)
    method = case.rule.method
    headers: dict[str, str] = {}
    if case.auth == "session":
        client.force_login(ctx.user, backend="django.contrib.auth.backends.ModelBackend")
    elif case.auth == "token":
        headers["Authorization"] = f"Bearer {world.tokens[case.role]}"
    data = dict(case.rule.data(ctx)) if case.rule.data else None
    query = case.rule.query(ctx)
    path = f"{path}?{urlencode(query)}" if query else path
    browser = case.auth == "session" or not case.endpoint.is_api
    if csrf and browser and method not in SAFE_METHODS:
        client.cookies[settings.CSRF_COOKIE_NAME] = CSRF_SECRET
        if case.endpoint.is_api:
            headers["X-CSRFToken"] = CSRF_SECRET  # as the htmx/fetch caller sends it
        else:
            data = {**(data or {}), "csrfmiddlewaretoken": CSRF_SECRET}  # as a form does
    if case.endpoint.is_api and data is not None:
        body = json.dumps(data)
        response = client.generic(
            method, path, data=body, content_type="application/json", headers=headers
        )
    elif method == "POST":
        response = client.post(path, data=data or {}, headers=headers)
    else:
        response = client.generic(method, path, headers=headers)
    return Result(response, path, ctx)
