"""The matrix's cases, computed once at collection: routes × rules × roles × sign-in."""

from __future__ import annotations

from tests.security.matrix import Case, Endpoint, Rule, all_endpoints, rules_for
from tests.security.rules import all_rules
from tests.world import USER_ROLES

ENDPOINTS: list[Endpoint] = all_endpoints()
RULES: list[Rule] = all_rules()


def _cases() -> list[Case]:
    cases = []
    for endpoint in ENDPOINTS:
        for rule in rules_for(endpoint, RULES):
            cases.append(Case(endpoint, rule, "anonymous", "none"))
            for role in USER_ROLES:
                cases.append(Case(endpoint, rule, role, "session"))
                if endpoint.is_api:
                    cases.append(Case(endpoint, rule, role, "token"))
    return cases


CASES: list[Case] = _cases()
