"""Template filters available in every template (registered as builtins)."""

from django import template
from django.utils.translation import get_language

from jianxian.core.events import label_for
from jianxian.core.text import name_to_script, to_script

register = template.Library()


@register.filter(name="script")
def script(value: object) -> str:
    """Show user content in the reader's script: ``{{ unit.name|script }}``."""
    if value is None:
        return ""
    return to_script(str(value), get_language())


@register.filter(name="name_script")
def name_script(value: object) -> str:
    """A personal name in the reader's script, surnames kept right (范 stays 范)."""
    if value is None:
        return ""
    return name_to_script(str(value), get_language())


@register.filter(name="minutes")
def minutes(value: object) -> int:
    """A timedelta in whole minutes, rounded up (for "try again in N minutes")."""
    seconds = getattr(value, "total_seconds", None)
    if seconds is None:
        return 0
    return max(1, -(-int(seconds()) // 60))


@register.filter(name="verb_label")
def verb_label(value: object) -> str:
    """The readable name of an audit verb: ``{{ event.verb|verb_label }}``."""
    return label_for(str(value or ""))
