"""The Qingzhou (清州) demo: a fictional city with its organs, districts, enterprise,
hospital, schools, newspaper, mass organizations and volunteers, ~300 people and a
handful of logins (DESIGN.md §1).

``load(stdout=None)`` loads it, idempotently: existing rows are recognised by unit
code, staff number and username, and a second run creates nothing. It runs the core
part first, then the ``demo`` module of every other ``jianxian.*`` app, in
``INSTALLED_APPS`` order, all in one transaction.

Adding demo data for an app: create ``jianxian/<app>/demo.py`` (or a package) with

    def load_demo(ctx: DemoContext) -> None:
        approval = ctx.unit("QZ-APPROVAL")          # units by code (see units.py)
        reporter = ctx.figure("journalist")         # named figures (see people.py)
        organizer = ctx.user("approval")            # demo logins (see logins.py)
        ...create rows through the app's actions, skipping those that exist...
        ctx.count("seminars", created=True)         # tallied in the summary

It is picked up automatically; an app whose data needs another app's comes after it
in ``INSTALLED_APPS``.
"""

from __future__ import annotations

import sys
from importlib import import_module
from types import ModuleType

from django.apps import apps
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django.utils.module_loading import module_has_submodule

from jianxian.core.demo.context import DemoContext, DemoError, Writer
from jianxian.core.demo.loader import load_demo
from jianxian.core.demo.logins import DEMO_LOGINS, DEMO_PASSWORD, DEMO_USERNAMES, LoginSpec
from jianxian.core.demo.people import FIGURES, LOGIN_PEOPLE, PersonSpec, roster
from jianxian.core.demo.units import UNITS, UnitSpec

__all__ = [
    "DEMO_LOGINS",
    "DEMO_PASSWORD",
    "DEMO_USERNAMES",
    "FIGURES",
    "LOGIN_PEOPLE",
    "UNITS",
    "DemoContext",
    "DemoError",
    "LoginSpec",
    "PersonSpec",
    "UnitSpec",
    "demo_modules",
    "load",
    "load_demo",
    "roster",
]


def demo_modules() -> list[ModuleType]:
    """The core demo, then every other ``jianxian.*`` app's ``demo`` module."""
    modules: list[ModuleType] = [sys.modules[__name__]]
    for config in apps.get_app_configs():
        if config.name == "jianxian.core" or not config.name.startswith("jianxian."):
            continue
        if not module_has_submodule(config.module, "demo"):
            continue
        module = import_module(f"{config.name}.demo")
        if not callable(getattr(module, "load_demo", None)):
            raise ImproperlyConfigured(f"{module.__name__} must define load_demo(ctx).")
        modules.append(module)
    return modules


def load(stdout: Writer | None = None) -> DemoContext:
    """Load the whole demo in one transaction and return the tally.

    With ``stdout`` a one-line summary is written there.
    """
    ctx = DemoContext(stdout)
    with transaction.atomic():
        for module in demo_modules():
            module.load_demo(ctx)
    ctx.write(ctx.summary())
    return ctx
