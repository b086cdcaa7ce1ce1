"""The shipped evidence library, installed with the package as data (reportgen.evidence)."""
