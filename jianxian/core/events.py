"""Readable names for the audit ledger's verbs (``Event.verb``).

Each app registers the verbs its actions write, in its ``AppConfig.ready``; history
pages show the label, falling back to the raw verb.
"""

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

VERB_LABELS: dict[str, str | Promise] = {
    "unit.create": _("Unit created"),
    "unit.update": _("Unit edited"),
    "unit.import": _("Unit imported from a roster"),
    "person.create": _("Person registered"),
    "person.update": _("Person edited"),
    "person.import": _("Person imported from a roster"),
    "person.assign_post": _("Post assigned"),
    "person.end_post": _("Post ended"),
    "role.grant": _("Role granted"),
    "role.revoke": _("Role revoked"),
    "role.update": _("Role changed"),
    "token.create": _("API token created"),
    "token.revoke": _("API token revoked"),
}


def register(labels: dict[str, str | Promise]) -> None:
    VERB_LABELS.update(labels)


def label_for(verb: str) -> str:
    return str(VERB_LABELS.get(verb, verb))
