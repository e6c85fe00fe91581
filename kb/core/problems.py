"""Data problems: what went wrong, where, and what was expected.

A problem carries the key of its message in ``kb.core.messages`` so that tests and the editors' guide
can refer to it; its severity comes from the catalogue: errors stop the build, warnings do not.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from kb.core import messages


@dataclass(frozen=True, order=True)
class Problem:
    """One problem in one file, reported as ``file:line: field: message``."""

    file: str
    line: int
    field: str
    message: str
    key: str = field(default="", compare=False)

    @classmethod
    def of(cls, message_key: str, file: str, line: int, path: str = "", /, **values: object) -> Problem:
        return cls(file, line, path, messages.text(message_key, **values), message_key)

    @property
    def severity(self) -> str:
        return messages.severity(self.key) if self.key else "error"

    @property
    def is_error(self) -> bool:
        return self.severity == "error"

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        label = messages.CHECK["warning_label"] if self.severity == "warning" else ""
        return f"{where}: {self.field}: {label}{self.message}" if self.field else f"{where}: {label}{self.message}"


class DataError(Exception):
    """Raised with every problem found, so that one run reports them all."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(set(problems))
        super().__init__("\n".join(str(p) for p in self.problems))


def format_path(path: tuple | list) -> str:
    """Render a JSON path as ``measures[3].phase``."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out
