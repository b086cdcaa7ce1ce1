"""The evidence library: reading sources, segmenting them into evidence paragraphs, indexing them.

The first half of the flow, read -> segment -> index: `readers` turn a file into blocks,
`metadata` owns a source's citation metadata (front matter and `.meta.yaml` sidecars), `sources` reads a file with it,
`paragraphs` (with `furniture`, `sentences` and `stance`) cuts blocks into evidence paragraphs, `index`
stores them in SQLite FTS5 with the tags of the country's `taxonomy`; `add` puts new files
and their metadata into a library folder (`folder`).
"""
