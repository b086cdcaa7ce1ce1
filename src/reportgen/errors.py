"""One error family. Each is a click exception, so click prints it and exits with its code;
`cli.main` adds the last line of defence for what is not ours (a damaged index, a full disk)."""

import click


def did_you_mean(word: str, options, cutoff: float = 0.6) -> str:
    """' (did you mean 'X'?)' for the closest option, '' when none is close: one wording everywhere."""
    import difflib  # only for a message: not loaded by commands that succeed
    close = difflib.get_close_matches(str(word), [str(o) for o in options], n=1, cutoff=cutoff)
    return f" (did you mean '{close[0]}'?)" if close else ""


class ReportgenError(click.ClickException):
    """A problem the user can fix: printed as one message, exit code 2."""

    exit_code = 2

    def show(self, file=None) -> None:
        click.echo(f"reportgen: {self.format_message()}", err=True, file=file)


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
