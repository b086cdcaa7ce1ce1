"""One error family. The CLI turns these into a message and an exit code in one place."""


class ReportgenError(Exception):
    """A problem the user can fix: printed as one message, exit code 2."""

    exit_code = 2


class SourceError(ReportgenError):
    """A source document or its metadata cannot be used."""


class TaxonomyError(ReportgenError):
    """A risk-factor taxonomy file is malformed."""


class CaseError(ReportgenError):
    """A case file breaks the contract."""


class LibraryError(ReportgenError):
    """The evidence library cannot be found or read."""


class OutputExistsError(ReportgenError):
    """Refused to overwrite a file an expert may have edited."""


class ReportFileError(ReportgenError):
    """A report handed to `verify` cannot be read."""
