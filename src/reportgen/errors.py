"""One error family for every stage: a problem the user can fix, with a message that says what
and where. It knows nothing of the command line: `cli.main` alone turns it into a printed
message and an exit code (and adds the last line of defence for what is not ours)."""


def did_you_mean(word: str, options, cutoff: float = 0.6) -> str:
    """' (did you mean 'X'?)' for the closest option, '' when none is close: one wording everywhere."""
    import difflib  # only for a message: not loaded by commands that succeed
    close = difflib.get_close_matches(str(word), [str(o) for o in options], n=1, cutoff=cutoff)
    return f" (did you mean '{close[0]}'?)" if close else ""


class ReportgenError(Exception):
    """A problem the user can fix: bad input or a library that cannot be used. str() is the message."""


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
