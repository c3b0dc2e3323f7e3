"""Every route × every role against the rule tables in tests/security/rules/."""

from __future__ import annotations

import pytest

from tests.security.cases import CASES, ENDPOINTS, RULES
from tests.security.matrix import Case, perform, rules_for


def test_every_route_has_a_rule():
    missing = [endpoint for endpoint in ENDPOINTS if not rules_for(endpoint, RULES)]
    lines = [
        f"  {endpoint}: add a Rule({endpoint.key!r}, "
        f"{endpoint.method or 'GET'!r}, roles(...)) to tests/security/rules/<app>.py"
        for endpoint in missing
    ]
    assert not missing, (
        "These routes have no access rule. Every route must say what each role may do:\n"
        + "\n".join(lines)
    )


def test_every_rule_names_a_route():
    stale = [rule for rule in RULES if not any(rule.matches(e) for e in ENDPOINTS)]
    lines = [f"  {rule.describe()} in {rule.source}" for rule in stale]
    assert not stale, "These rules match no route (renamed or removed?):\n" + "\n".join(lines)


def test_the_matrix_covers_every_route_and_role():
    covered = {(case.endpoint, case.role) for case in CASES}
    roles = {case.role for case in CASES}
    assert roles == {
        "anonymous",
        "other_district",
        "staff",
        "organizer",
        "parent_admin",
        "city_admin",
        "superuser",
    }
    assert len(covered) == len(ENDPOINTS) * len(roles)


@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_access(case: Case, shared_world, csrf_client):
    result = perform(csrf_client, case, shared_world)
    problem = result.problem(case.expected)
    assert problem is None, (
        f"{case.role} ({case.auth}) on {case.rule.describe()} → {result.path}: {problem}\n"
        f"(rule in {case.rule.source})"
    )


def test_rule_matching_leaves_no_gap_unnoticed():
    """The guard itself: a new page, a new API method or a new admin page is matched
    exactly as the coverage test assumes."""
    from tests.security.routes import Endpoint

    assert rules_for(Endpoint("org/new-feature/", "newapp:thing"), RULES) == []
    assert rules_for(Endpoint("api/v1/units", None, "DELETE"), RULES) == []
    admin_page = rules_for(Endpoint("admin/newapp/thing/", "admin:newapp_thing_changelist"), RULES)
    assert [rule.route for rule in admin_page] == ["/admin/*"]
    exact = rules_for(Endpoint("admin/login/", "admin:login"), RULES)
    assert [rule.route for rule in exact] == ["admin:login"]
