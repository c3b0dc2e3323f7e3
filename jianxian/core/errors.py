"""Errors that actions raise; views and the API turn them into messages and statuses."""

from django.core.exceptions import PermissionDenied

__all__ = ["ActionError", "PermissionDenied", "StaleEdit"]


class ActionError(Exception):
    """Bad input or an illegal move: shown to the user as it is (HTTP 400)."""

    status = 400

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class StaleEdit(ActionError):
    """Someone else saved the record since it was read (HTTP 409). Nothing was written."""

    status = 409
