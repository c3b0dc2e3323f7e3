"""The access rules, one module per area. Every module here whose name does not start
with ``_`` lists its rules in ``RULES``; a new app adds ``rules/<app>.py`` (and
``rules/api_<app>.py`` for its API router), and nothing else needs registering.

A rule names the route, the method, how to build the request from the test world
(``tests/world.py``) and what each role gets::

    Rule(
        "study:session_detail",            # URL name; API: "/api/v1/sessions/<int:id>"
        "GET",
        roles(                             # every role must be named
            anonymous=LOGIN,               # API: 401
            other_district=404,            # out of scope: the record does not exist
            staff=200,
            organizer=200,
            parent_admin=200,
            city_admin=200,                # superuser= defaults to city_admin's outcome
        ),
        kwargs=lambda ctx: {"pk": ctx.world.unit.pk},
    )

Denied is: a redirect to sign-in (``LOGIN``) for anonymous pages, 401 for anonymous
API calls, 404 for records outside the role's scope, 403 for a visible record the
role may not change, 405 for a method the route does not take.
"""

from __future__ import annotations

import dataclasses
import importlib
import pkgutil

from tests.security.matrix import Rule


def all_rules() -> list[Rule]:
    rules: list[Rule] = []
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda i: i.name):
        if info.name.startswith("_"):
            continue
        module = importlib.import_module(f"{__name__}.{info.name}")
        for rule in module.RULES:
            rules.append(dataclasses.replace(rule, source=f"tests/security/rules/{info.name}.py"))
    return rules
