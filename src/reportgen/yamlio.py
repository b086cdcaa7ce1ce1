"""YAML reading for data files (metadata, taxonomies, templates): safe, and fast when libyaml is there."""

import yaml

SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load_yaml(text: str):
    return yaml.load(text, Loader=SAFE_LOADER)
