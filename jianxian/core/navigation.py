"""The main navigation, by the campaign's areas.

An app adds its area here when it ships pages; areas whose app is not installed are
left out, so the menu never leads to an empty page.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.apps import apps
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class NavItem:
    label: str | Promise
    url_name: str
    icon: str
    app_label: str
    # Current-page names ("namespace:url_name") that mark the item active, by prefix.
    active_for: tuple[str, ...]

    def is_active(self, current: str) -> bool:
        return current.startswith(self.active_for)


AREAS: list[NavItem] = [
    NavItem(_("Home"), "home", "home", "core", ("home",)),
    NavItem(
        _("Organization"),
        "core:unit_tree",
        "sitemap",
        "core",
        ("core:unit_", "core:people_", "core:person_"),
    ),
    NavItem(_("Exemplars"), "exemplars:list", "award", "exemplars", ("exemplars:",)),
    NavItem(
        _("Rectification ledger"),
        "rectification:ledger",
        "clipboard-check",
        "rectification",
        ("rectification:",),
    ),
]


def nav_items() -> list[NavItem]:
    return [item for item in AREAS if apps.is_installed(f"jianxian.{item.app_label}")]
