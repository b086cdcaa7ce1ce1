"""The evidence index: its schema, building it (tags, rankings, worker processes) and
reading it, and the taxonomy it is tagged by."""
