"""The cxm exception hierarchy.

Every error cxm raises on purpose derives from :class:`CxmError`. Messages name the file, row and
field involved, so that the person reading them can go straight to the problem.
"""

from __future__ import annotations


class CxmError(Exception):
    """Base class of every error cxm raises on purpose."""


class ConfigError(CxmError):
    """A setting is missing, malformed or refers to something that does not exist."""


class SpecError(CxmError):
    """A connector spec (built-in or a user's mapping file) is invalid."""


class SchemaError(CxmError):
    """A canonical JSON Schema cannot be loaded or turned into a table schema."""


class UnreadableFileError(CxmError):
    """A whole input file cannot be read: unknown format, bad encoding or missing required columns."""


class LakeError(CxmError):
    """The lake on disk is inconsistent or cannot be written."""


class ResolveError(CxmError):
    """Identity resolution cannot run or its stored state is unusable (names the file or record)."""


class EvaluationError(CxmError):
    """A truth file cannot be used to evaluate a resolution (names the file, row and field)."""


class StoreError(CxmError):
    """The profile store cannot be reached, migrated or published to."""


class NotFoundError(CxmError):
    """A customer, record or key that the store does not hold."""


class AuthError(CxmError):
    """A missing, unknown or revoked API key, or one without the needed scope."""


class ExportError(CxmError):
    """An analyst export cannot be made: unknown dataset or format, nothing published, a file that
    cannot be written, or stored rows that do not fit the export's documented schema."""


class NotPublishedError(StoreError):
    """The store holds no publish yet, so there is nothing to serve or export."""
