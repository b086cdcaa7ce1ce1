"""Reading a source: the format readers, the citation metadata (sidecar, front matter),
the source as one document, and the editions of a series."""
