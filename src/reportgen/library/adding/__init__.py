"""Adding sources to a folder library (`evidence add`, `evidence import-csl`)."""
