"""reportgen: drafts cited country-conditions expert reports for asylum cases."""

__version__ = "0.1.0"
