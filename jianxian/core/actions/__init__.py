"""Every write to the organization, people, grants, tokens and notifications.

Each action is keyword-only with ``actor=``; it checks permission, validates, writes
in one transaction and appends an ``Event`` row. Views, the API, commands and the
admin all call these.
"""

from jianxian.core.actions.account import (
    create_api_token,
    mark_all_notifications_read,
    mark_notification_read,
    notify,
    revoke_api_token,
    send_notification_email,
)
from jianxian.core.actions.base import record_event
from jianxian.core.actions.org import (
    assign_post,
    create_person,
    create_unit,
    end_post,
    grant_role,
    revoke_role,
    update_person,
    update_unit,
)

__all__ = [
    "assign_post",
    "create_api_token",
    "create_person",
    "create_unit",
    "end_post",
    "grant_role",
    "mark_all_notifications_read",
    "mark_notification_read",
    "notify",
    "record_event",
    "revoke_api_token",
    "revoke_role",
    "send_notification_email",
    "update_person",
    "update_unit",
]
