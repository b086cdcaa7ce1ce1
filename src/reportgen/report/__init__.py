"""The report: composing the matched evidence into a report model, and checking reports back.

`compose` builds the report (`model`) from a case, its matched evidence and a forum's
templates (`templating`), cutting quotations (`quotes`) and citing them (`citations`);
`schedule` builds the evidence schedule; `pages` counts a written report's pages; `verify`
checks an edited report against the library. Rendering to Word is the `docx` package's job.
"""
