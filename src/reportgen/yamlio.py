"""YAML reading for data files (metadata, taxonomies, templates): safe, fast when libyaml is there,
and without aliases in any of them: an alias of an alias of a list ("billion laughs") builds
gigabytes from a few lines, and no file reportgen reads needs one."""

from pathlib import Path

import yaml

SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class AliasRefused(yaml.YAMLError):
    """An alias (*name) in data that has no use for one: anchors can multiply memory."""

    def __init__(self, line: int):
        super().__init__(f"line {line}: YAML aliases (*name) are not allowed here; write the value out")
        self.line = line


def load_yaml(text: str):
    """The data, with aliases refused before anything is built (as the case loader does)."""
    if "*" in text:  # no alias without an asterisk: most files skip the event scan
        for event in yaml.parse(text, Loader=SAFE_LOADER):
            if isinstance(event, yaml.AliasEvent):
                raise AliasRefused(event.start_mark.line + 1)
    return yaml.load(text, Loader=SAFE_LOADER)




def load_yaml_file(path: Path, error: type[Exception], what: str = "YAML file"):
    """A data file's YAML parsed in a worker process the OS bounds (limits.bounded): libyaml and a
    deep nesting run in C and in recursion, where no Python timer reaches."""
    from .limits import bounded, regular_file
    regular_file(path, error, what)
    return bounded(_parse_file, path, error, what, path=path, error=error, what=f"reading the {what}")


def _parse_file(path: Path, error: type[Exception], what: str):
    try:
        return load_yaml(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise error(f"{path}: cannot read {what} ({exc})") from None
