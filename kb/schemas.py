"""JSON Schemas of the data files, and jsonschema errors turned into plain messages.

Valid files, the common case, are checked by validators that fastjsonschema compiles from the
schemas (with their $refs inlined); only a file that fails is run through jsonschema, whose
errors carry the path and keyword that the messages need. Both read the same schema files.
"""

from __future__ import annotations

import copy
import json
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

import fastjsonschema

if TYPE_CHECKING:
    from jsonschema import Draft202012Validator
    from jsonschema.exceptions import ValidationError

SCHEMA_DIR = Path(__file__).parent / "schema"
KINDS = ("sector", "categories", "checklist", "report", "indicators", "glossary")


@cache
def _registry():
    from referencing import Registry, Resource

    resources = [
        (p.name, Resource.from_contents(json.loads(p.read_text(encoding="utf-8"))))
        for p in SCHEMA_DIR.glob("*.schema.json")
    ]
    return Registry().with_resources(resources)


@cache
def schema(kind: str) -> dict:
    return json.loads((SCHEMA_DIR / f"{kind}.schema.json").read_text(encoding="utf-8"))


@cache
def validator(kind: str) -> Draft202012Validator:
    from jsonschema import Draft202012Validator

    return Draft202012Validator(schema(kind), registry=_registry())


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
def fast_validator(kind: str):
    return fastjsonschema.compile(_inline(copy.deepcopy(schema(kind))))


_TYPE_NAMES = {
    "object": "a mapping (key: value)",
    "array": "a list",
    "string": "text",
    "integer": "a whole number",
    "number": "a number",
    "boolean": "true or false",
    "null": "nothing",
}


def _found(value: object) -> str:
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return "true" if value else "false"
    return repr(value)


def describe(error: ValidationError) -> tuple[tuple, str]:
    """Return (path, message) for one schema error, in words an editor understands."""
    path = tuple(error.absolute_path)
    v, expected, found = error.validator, error.validator_value, error.instance
    if v == "enum":
        return path, f"{_found(found)} is not one of {', '.join(map(str, expected))}"
    if v == "required":
        missing = error.message.split("'")[1]
        return (*path, missing), "is missing; this field is required"
    if v == "additionalProperties":
        allowed = ", ".join(error.schema.get("properties", {}))
        extra = sorted(set(found) - set(error.schema.get("properties", {})))
        return (*path, extra[0]) if extra else path, f"unknown field; expected one of {allowed}"
    if v == "type":
        names = [expected] if isinstance(expected, str) else expected
        return path, f"expected {' or '.join(_TYPE_NAMES[n] for n in names)}, found {_found(found)}"
    if v == "pattern":
        hint = error.schema.get("description") or f"the form {expected}"
        if expected == "\\S":
            return path, "must not be blank"
        return path, f"{_found(found)} does not have the expected form: {hint}"
    if v == "minLength":
        return path, f"{_found(found)} is too short; at least {expected} characters"
    if v == "maxLength":
        return path, f"{_found(found)} is too long; at most {expected} characters"
    if v in ("minProperties", "maxProperties"):
        return path, "expected exactly one of " + " / ".join(f"{k}: …" for k in error.schema.get("properties", {}))
    if v == "minItems":
        return path, "must not be empty" if expected == 1 else f"needs at least {expected} items"
    if v == "uniqueItems":
        return path, "lists the same item twice"
    if v in ("minimum", "exclusiveMinimum"):
        return path, f"{_found(found)} is too small; expected a positive number"
    return path, error.message


def errors(kind: str, data: object) -> list[tuple[tuple, str]]:
    try:
        fast_validator(kind)(data)
        return []
    except fastjsonschema.JsonSchemaException:
        return [describe(e) for e in validator(kind).iter_errors(data)]


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
    if "enum" in node:
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
