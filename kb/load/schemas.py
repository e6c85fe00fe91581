"""JSON Schemas of the data files, and jsonschema errors turned into plain messages.

Valid files, the common case, are checked by validators that fastjsonschema compiles from the
schemas (with their $refs inlined); only a file that fails is run through jsonschema, whose
errors carry the path and keyword that the messages need. Both read the same schema files.
"""

from __future__ import annotations

import copy
import json
import re
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

import fastjsonschema
from fastjsonschema.draft04 import DOLLAR_FINDER

from kb.core.chars import describe as describe_char
from kb.core.chars import lookalike, plainly_other

if TYPE_CHECKING:
    from jsonschema import Draft202012Validator
    from jsonschema.exceptions import ValidationError

SCHEMA_DIR = Path(__file__).parent / "schema"
KINDS = ("vocabularies", "edition", "source", "sector", "categories", "diseases", "checklist", "report", "indicators", "glossary", "reporting", "plans",
         "evidence", "calendar", "region", "region_checklist")


@cache
def _registry(vocabulary_key: tuple = ()):
    from referencing import Registry, Resource

    vocabulary = _VOCABULARIES.get(vocabulary_key, {})
    resources = [
        (p.name, Resource.from_contents(_with_vocabulary(json.loads(p.read_text(encoding="utf-8")), vocabulary)))
        for p in SCHEMA_DIR.glob("*.schema.json")
    ]
    return Registry().with_resources(resources)


@cache
def schema(kind: str) -> dict:
    return json.loads((SCHEMA_DIR / f"{kind}.schema.json").read_text(encoding="utf-8"))


def _end_anchored(pattern: str) -> str:
    """The pattern with `$` meaning the end of the text, as in JSON Schema (and fastjsonschema), not
    also the place before a final newline as in Python: 'SCH-001\\n' is not an id."""
    return DOLLAR_FINDER.sub(r"\\Z", pattern)


def _pattern(validator, pattern: str, instance: object, schema: dict):
    from jsonschema.exceptions import ValidationError

    if validator.is_type(instance, "string") and not re.search(_end_anchored(pattern), instance):
        yield ValidationError(f"{instance!r} does not match {pattern!r}")


@cache
def _validator_class():
    from jsonschema import Draft202012Validator, validators

    return validators.extend(Draft202012Validator, {"pattern": _pattern})


@cache
def validator(kind: str, vocabulary_key: tuple = ()) -> Draft202012Validator:
    vocabulary = _VOCABULARIES.get(vocabulary_key, {})
    return _validator_class()(_with_vocabulary(schema(kind), vocabulary), registry=_registry(vocabulary_key))


def _inline(node: object) -> object:
    """The schema with every $ref replaced by what it points to, for fastjsonschema."""
    if isinstance(node, dict):
        if "$ref" in node:
            return _inline(_resolve(node))
        return {k: _inline(v) for k, v in node.items() if k not in ("$schema", "$id", "$defs")}
    if isinstance(node, list):
        return [_inline(v) for v in node]
    return node


@cache
def fast_validator(kind: str, vocabulary_key: tuple = ()):
    vocabulary = _VOCABULARIES.get(vocabulary_key, {})
    return fastjsonschema.compile(_with_vocabulary(_inline(copy.deepcopy(schema(kind))), vocabulary))


_TYPE_NAMES = {
    "object": "映射（键: 值）",
    "array": "列表",
    "string": "文字",
    "integer": "整数",
    "number": "数字",
    "boolean": "true 或 false",
    "null": "空值",
}


def _found(value: object) -> str:
    if isinstance(value, dict):
        return "映射"
    if isinstance(value, list):
        return "列表"
    if value is None:
        return "空值"
    if isinstance(value, bool):
        return "true" if value else "false"
    return repr(value)


def describe(error: ValidationError) -> tuple[tuple, str, str, dict]:
    """(path, message key, values) for one schema error, in words an editor understands."""
    path = tuple(error.absolute_path)
    v, expected, found = error.validator, error.validator_value, error.instance
    if v == "enum":
        return path, "schema_enum", {"found": _found(found), "expected": ", ".join(map(str, expected))}
    if v == "required":
        missing = error.message.split("'")[1]
        return (*path, missing), "schema_required", {}
    if v == "additionalProperties":
        allowed = ", ".join(error.schema.get("properties", {}))
        extra = sorted(set(found) - set(error.schema.get("properties", {})))
        return ((*path, extra[0]) if extra else path), "schema_unknown_field", {"allowed": allowed}
    if v == "type":
        names = [expected] if isinstance(expected, str) else expected
        return path, "schema_type", {"expected": " 或 ".join(_TYPE_NAMES[n] for n in names), "found": _found(found)}
    if v == "pattern":
        if expected == "\\S":
            return path, "schema_blank", {}
        # An id or code (an anchored pattern of ASCII classes) holding an unseen or look-alike character
        ascii_only = expected.startswith("^") and "\\S" not in expected and "." not in expected.replace("\\.", "")
        if isinstance(found, str) and (char := lookalike(found, ascii_only)) and not plainly_other(char):
            code, name = describe_char(char)
            return path, "lookalike", {"found": _found(found), "char": code, "name": name}
        hint = error.schema.get("description") or f"应符合 {expected}"
        return path, "schema_pattern", {"found": _found(found), "hint": hint}
    if v == "minLength":
        return path, "schema_too_short", {"found": _found(found), "limit": expected}
    if v == "maxLength":
        return path, "schema_too_long", {"found": _found(found), "limit": expected}
    if v in ("minProperties", "maxProperties"):
        return path, "schema_one_of", {"options": " / ".join(f"{k}: …" for k in error.schema.get("properties", {}))}
    if v == "minItems":
        return (path, "schema_empty", {}) if expected == 1 else (path, "schema_min_items", {"limit": expected})
    if v == "uniqueItems":
        return path, "schema_unique", {}
    if v in ("minimum", "exclusiveMinimum"):
        return path, "schema_positive", {"found": _found(found)}
    if v in ("maximum", "exclusiveMaximum"):
        return path, "schema_too_large", {"found": _found(found), "limit": expected}
    return path, "schema_other", {"detail": error.message}


def errors(kind: str, data: object, vocabulary: dict[str, tuple[str, ...]] | None = None) -> list[tuple[tuple, str, dict]]:
    """Schema problems of one file as (path, message key, values); enums named by x-vocabulary come from data."""
    key = _vocabulary_key(vocabulary)
    try:
        fast_validator(kind, key)(data)
        return []
    except fastjsonschema.JsonSchemaException as err:
        # Both validators read the same schemas; should they ever disagree, the file is still refused.
        return [describe(e) for e in validator(kind, key).iter_errors(data)] or [((), "schema_other", {"detail": err.message})]
    except RecursionError:
        return [((), "yaml_too_deep", {"limit": "允许"})]


_VOCABULARIES: dict[tuple, dict[str, tuple[str, ...]]] = {}


def _vocabulary_key(vocabulary: dict[str, tuple[str, ...]] | None) -> tuple:
    key = tuple(sorted((name, tuple(codes)) for name, codes in (vocabulary or {}).items()))
    _VOCABULARIES.setdefault(key, dict(key))
    return key


def _with_vocabulary(node: object, vocabulary: dict[str, tuple[str, ...]]) -> object:
    """The schema with each ``x-vocabulary`` node given the codes of that vocabulary as its enum."""
    if isinstance(node, dict):
        out = {k: _with_vocabulary(v, vocabulary) for k, v in node.items()}
        name = node.get("x-vocabulary")
        if name is not None and name in vocabulary:
            out.pop("type", None)
            out["enum"] = list(vocabulary[name])
        return out
    if isinstance(node, list):
        return [_with_vocabulary(v, vocabulary) for v in node]
    return node


def _resolve(node: dict) -> dict:
    """Follow a $ref into common.schema.json, keeping the referring node's own description."""
    ref = node.get("$ref")
    if not ref:
        return node
    file, _, pointer = ref.partition("#")
    target = schema(file.removesuffix(".schema.json")) if file else schema("common")
    for part in pointer.strip("/").split("/"):
        target = target[part]
    merged = {**_resolve(target), **{k: v for k, v in node.items() if k != "$ref"}}
    return merged


def _type_name(node: dict) -> str:
    if "enum" in node or "x-vocabulary" in node:
        return "取值之一"
    if "oneOf" in node:
        return " 或 ".join(_type_name(_resolve(o)) for o in node["oneOf"])
    names = {"object": "映射", "array": "列表", "string": "文本", "integer": "整数", "number": "数字", "boolean": "true/false"}
    kind = node.get("type", "")
    if kind == "array":
        return f"{_type_name(_resolve(node.get('items', {})))}的列表"
    if kind == "object" and "required" in node and len(node.get("properties", {})) == 1:
        key = next(iter(node["properties"]))
        return f"{{{key}: …}}"
    return names.get(kind, kind or "任意")


def fields(kind: str) -> list[dict]:
    """Every field of a data file, depth first, for the editors' reference page."""
    rows: list[dict] = []

    def constraints(node: dict) -> str:
        items = _resolve(node.get("items", {})) if node.get("type") == "array" else {}
        found = []
        for source in (node, items):
            if "x-vocabulary" in source:
                found.append(f"取值见 data/vocabularies.yml 的 {source['x-vocabulary']}")
            if "enum" in source:
                found.append("、".join(map(str, source["enum"])))
            if source.get("pattern", "\\S") != "\\S":
                found.append(f"格式 {source['pattern']}")
        if "minItems" in node:
            found.append(f"至少 {node['minItems']} 项")
        return "；".join(found)

    def walk(node: dict, path: str, required: bool, listed: bool = True) -> None:
        node = _resolve(node)
        if listed:
            rows.append({"path": path, "type": _type_name(node), "required": required,
                         "description": node.get("description", ""), "constraints": constraints(node)})
        if node.get("type") == "object":
            for name, child in node.get("properties", {}).items():
                walk(child, f"{path}.{name}" if path else name, name in node.get("required", []))
        items = _resolve(node.get("items", {})) if node.get("type") == "array" else {}
        if items.get("type") == "object" and len(items.get("properties", {})) > 1:
            walk(items, f"{path}[]", True, listed=False)  # the element's fields, not the element

    walk(schema(kind), "", True, listed=False)
    return rows
