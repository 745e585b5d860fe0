"""The refusals an action raises (measurement, evaluation …): each carries the
Indonesian message to show and any details, and a view or the API turns its kind into
the answer (a message in the row, 403, 404, 409)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any


class ActionError(Exception):
    """A refused action, with the Indonesian message(s) to show."""

    def __init__(self, message: str, details: Sequence[str] = ()) -> None:
        super().__init__(message)
        self.message = message
        self.details = list(details)
        #: What the action had already read when it refused (the realisasi sheet under
        #: the quarter's lock): the answer shows it instead of reading it again.
        self.data: Any = None


class Refused(ActionError):
    """Not allowed to this user, or not now (locked, submitted, final, outside the
    window)."""


class Invalid(ActionError):
    """The input is wrong: unreadable, negative, an explanation missing …"""


class Conflict(ActionError):
    """Someone else saved the same thing after it was read: nothing was written."""


class NotFound(ActionError):
    """What the action names is not part of what the user works on (a figure outside
    the agency's sheet, a criterion outside the evaluation)."""
