"""Safe YAML reading that also refuses duplicate keys (PyYAML keeps the last one silently)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml


class _StrictSafeLoader(yaml.SafeLoader):
    """``yaml.SafeLoader`` (no ``!!python`` tags) that rejects a key given twice."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: set[Any] = set()
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=deep)  # type: ignore[no-untyped-call]
            if key in seen:
                raise yaml.constructor.ConstructorError(
                    None, None, f"key {key!r} is given twice", key_node.start_mark
                )
            seen.add(key)
        return super().construct_mapping(node, deep=deep)


def read_yaml(path: Path) -> Any:
    """Parse one YAML file safely.

    Raises:
        yaml.YAMLError: the file is not valid YAML, uses an unsafe tag, or repeats a key.
        OSError: the file cannot be read.
    """
    with path.open(encoding="utf-8") as handle:
        return yaml.load(handle, Loader=_StrictSafeLoader)
