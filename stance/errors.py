"""Errors that reach users as one clear line (the CLI prints them and exits non-zero)."""


class StanceError(Exception):
    """Base class: a problem the user can fix, described in one line."""


class InputError(StanceError):
    """Unreadable, empty, binary or non-UTF-8 input, or a malformed file."""


class DataError(InputError):
    """Malformed training data: a missing column, an unknown label (the row is named)."""


class ModelError(StanceError):
    """A missing, corrupted or tampered model, or one whose card does not match it."""
