"""contractkit's Swagger 2.0 conversion held to swagger2openapi's own test fixtures.

Run it with ``python benchmarks/swagger2openapi_fixtures.py MIRROR``, MIRROR a
checkout of Mermade/oas-kit or a bare git directory of it. Each directory of
its ``test/s2o-test`` holds a 2.0 input (``swagger.yaml``), the 3.0 output
swagger2openapi gives (``openapi.yaml``) and its options (``options.yaml``);
none of them is copied into this repository.

Every input is converted (:func:`~contractkit.specfile.swagger2.to_openapi3`)
and compared with the expected output *semantically*: local ``$ref`` s are
followed on both sides, so a schema swagger2openapi moves to ``components``
under a name of its own (``schema1``, ``Def_with_space``) compares equal to the
same schema where contractkit keeps it. Two differences are normalised, being
spellings only: the ``openapi`` version (3.0.0 there, 3.0.3 here) and the
component names swagger2openapi sanitises (``Def with space`` is
``Def_with_space``), and the schemas it moves out of operations into
``components`` under names it makes up; and, where a document leaves them out,
parameters' ``style`` and ``explode`` are compared with 3.0's defaults
(``explode: false`` written or not is one meaning). A fixture whose options say
``throws`` agrees when ``contractkit check`` refuses the input too; an input
``check`` refuses (an external ``$ref``) is counted apart, with the reason.

It prints, per fixture, ``agrees`` or its differences, each in a class (where
in the document, and which side has what), then the count of each class with
the reason for it, as documented in docs/guides/existing-documents.md.
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
import typing as t
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from contractkit.specfile.files import parse_document
from contractkit.specfile.locations import resolve_pointer
from contractkit.specfile.rules import check_document
from contractkit.specfile.swagger2 import to_openapi3

FIXTURES = "test/s2o-test"
#: Why each class of difference is there: the converter's choices, documented for users.
REASONS: dict[str, str] = {
    "paths.{path}.{method}.responses.{code}.content: only in contractkit": (
        "a response without schema may carry any body (content */*) in contractkit: "
        "2.0 cannot tell no body from a body not described; swagger2openapi gives it none"
    ),
    "paths.{path}.{method}.responses.{code}.content.{media}: only in contractkit": (
        "with no produces anywhere, contractkit's bodies are application/json "
        "(what flask-restx and flasgger send); swagger2openapi writes */*"
    ),
    "paths.{path}.{method}.responses.{code}.content.{media}: only in swagger2openapi": (
        "the same choice, seen from the other side: */* there, application/json here"
    ),
    "paths.{path}.{method}.requestBody.content.{media}.encoding: only in contractkit": (
        "a form array keeps its collectionFormat in the media type's encoding; "
        "swagger2openapi drops it, and 3.0's form default (explode: true) changes its meaning"
    ),
    "x-codegen-request-body-name": (
        "swagger2openapi's rbname option records the body parameter's name for code "
        "generators; contractkit writes no generator hints"
    ),
    "refSiblings option": (
        "swagger2openapi's refSiblings option rewrites a $ref's siblings (into allOf, or "
        "drops them); contractkit keeps them as written, and 3.0 ignores them"
    ),
    "paths.{path}.{method}.parameters: only in contractkit": (
        "a parameter whose $ref points nowhere is kept, and check refuses the document; "
        "swagger2openapi's warnOnly option drops it"
    ),
    "refused by swagger2openapi, accepted by contractkit": (
        "swagger2openapi converts objects in place and refuses YAML anchors unless told "
        "(its anchors option); contractkit copies, so a shared object is no trouble"
    ),
    "input refused by check: external $ref": (
        "contractkit follows only references inside the document (a pull request could "
        "otherwise make CI fetch a URL or print a file); swagger2openapi fetches them"
    ),
    "input refused by check: invalid 2.0": (
        "openapi-spec-validator refuses the input (a $ref with siblings, example on a "
        "non-body parameter, a null default without x-nullable support); check agrees"
    ),
    "input refused by check: $ref to nothing": (
        "the input has a $ref to nothing; swagger2openapi's warnOnly option drops it"
    ),
}

Difference = tuple[str, str]  # (class, location)


def git(mirror: Path, *args: str) -> str:
    """Output of ``git`` on ``mirror``, a checkout or a bare repository."""
    directory = mirror / ".git" if (mirror / ".git").exists() else mirror
    return subprocess.run(
        ["git", f"--git-dir={directory}", *args], check=True, capture_output=True, text=True
    ).stdout


def fixtures(mirror: Path) -> dict[str, dict[str, t.Any]]:
    """Each fixture's parsed files, by directory name."""
    found: dict[str, dict[str, t.Any]] = defaultdict(dict)
    for name in git(mirror, "ls-tree", "-r", "--name-only", "HEAD", FIXTURES).splitlines():
        parts = name.split("/")
        if len(parts) != 4 or parts[2] == "include":
            continue
        if parts[3] in ("swagger.yaml", "openapi.yaml", "options.yaml"):
            text = git(mirror, "show", f"HEAD:{name}")
            # Read as contractkit reads a spec file: keys as JSON has them ("200", not 200).
            found[parts[2]][parts[3]] = parse_document(text, "yaml", name=name) if text else {}
    return {name: files for name, files in sorted(found.items()) if "swagger.yaml" in files}


def sanitised(name: str) -> str:
    """A component name as swagger2openapi writes it."""
    return re.sub(r"[^A-Za-z0-9_.-]", "_", name)


def inlined(node: object, document: object, seen: tuple[str, ...] = ()) -> object:
    """``node`` with every local ``$ref`` replaced by its target (a cycle stays a ``$ref``)."""
    if isinstance(node, dict):
        ref = node.get("$ref")
        if isinstance(ref, str):
            found, target = resolve_pointer(document, ref)
            if found and ref not in seen:
                return inlined(target, document, (*seen, ref))
            return {"$ref": ref if not found else "(cycle)"}
        return {key: inlined(value, document, seen) for key, value in node.items()}
    if isinstance(node, list):
        return [inlined(item, document, seen) for item in node]
    return node


def normalised(document: dict[str, t.Any], source: dict[str, t.Any]) -> dict[str, t.Any]:
    """``document`` compared by meaning: refs inlined, version and component names spelled alike.

    :param source: the 2.0 input: schemas not among its ``definitions`` were made up
        by the converter and are compared where they are used.
    """
    flat = t.cast(dict[str, t.Any], inlined(document, document))
    flat["openapi"] = "3.0.x"
    _styled(flat)
    components = flat.get("components")
    defined = {sanitised(name) for name in source.get("definitions") or {}}
    if isinstance(components, dict):
        for section, named in list(components.items()):
            if isinstance(named, dict):
                components[section] = {sanitised(key): value for key, value in named.items()}
        schemas = components.get("schemas")
        if isinstance(schemas, dict):
            components["schemas"] = {k: v for k, v in schemas.items() if k in defined}
        # Request bodies are reached from operations; swagger2openapi also lists them.
        components.pop("requestBodies", None)
        flat["components"] = {key: value for key, value in components.items() if value}
        if not flat["components"]:
            del flat["components"]
    return flat


#: 3.0's default style of a parameter, by its location.
_DEFAULT_STYLE = {"query": "form", "cookie": "form", "path": "simple", "header": "simple"}


def _styled(node: object) -> None:
    """Write 3.0's default ``style`` and ``explode`` into every parameter that has a schema."""
    if isinstance(node, dict):
        if isinstance(node.get("in"), str) and "schema" in node:
            node.setdefault("style", _DEFAULT_STYLE.get(node["in"], "form"))
            node.setdefault("explode", node["style"] == "form")
        for value in node.values():
            _styled(value)
    elif isinstance(node, list):
        for item in node:
            _styled(item)


_PLACEHOLDERS = {
    "paths": "{path}",
    "responses": "{code}",
    "content": "{media}",
    "properties": "{name}",
    "schemas": "{name}",
    "parameters": "{name}",
    "headers": "{header}",
    "encoding": "{field}",
    "securitySchemes": "{name}",
}


def pattern(parts: tuple[object, ...]) -> str:
    """A location with its names replaced by what they are, so differences group."""
    shown: list[str] = []
    previous: object = None
    for index, part in enumerate(parts):
        if isinstance(part, int):
            shown.append("[]")
        elif index == 2 and parts[0] == "paths":
            shown.append("{method}" if part != "parameters" else "parameters")
        elif (
            isinstance(previous, str)
            and previous in _PLACEHOLDERS
            and not isinstance(parts[index - 2] if index >= 2 else None, int)
        ):
            shown.append(_PLACEHOLDERS[previous])
        else:
            shown.append(str(part))
        previous = part
    return ".".join(shown).replace(".[]", "[]")


def differences(ours: object, theirs: object, at: tuple[object, ...] = ()) -> list[Difference]:
    """Where the two documents differ, each once, at the shallowest place."""
    if isinstance(ours, dict) and isinstance(theirs, dict):
        found: list[Difference] = []
        for key in dict.fromkeys([*ours, *theirs]):
            here = (*at, key)
            if key not in theirs:
                found.append((f"{pattern(here)}: only in contractkit", _shown(here)))
            elif key not in ours:
                found.append((f"{pattern(here)}: only in swagger2openapi", _shown(here)))
            else:
                found.extend(differences(ours[key], theirs[key], here))
        return found
    if isinstance(ours, list) and isinstance(theirs, list) and len(ours) == len(theirs):
        return [
            d
            for i, (a, b) in enumerate(zip(ours, theirs, strict=True))
            for d in differences(a, b, (*at, i))
        ]
    if ours != theirs:
        return [(f"{pattern(at)}: values differ", f"{_shown(at)}: {ours!r} vs {theirs!r}"[:200])]
    return []


def _shown(parts: tuple[object, ...]) -> str:
    return "/".join(str(part) for part in parts)


def classify(name: str, options: dict[str, t.Any], found: list[Difference]) -> list[Difference]:
    """Name the classes whose cause is an option of the fixture or swagger2openapi's bookkeeping."""
    named: list[Difference] = []
    for kind, where in found:
        if "x-s2o" in where:
            kind = "x-s2o extension"
        elif "$ref" in where and ("'./" in where or ".yaml" in where or ".json" in where):
            kind = "external $ref"
        elif options.get("refSiblings"):
            kind = "refSiblings option"
        elif "x-codegen-request-body-name" in where:
            kind = "x-codegen-request-body-name"
        named.append((kind, where))
    return named


def _problem_kind(problem: str) -> str:
    if "points outside this document" in problem:
        return "external $ref"
    if "points to nothing" in problem:
        return "$ref to nothing"
    return "invalid 2.0"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("mirror", type=Path, help="a checkout or bare git dir of Mermade/oas-kit")
    arguments = parser.parse_args()
    classes: dict[str, list[str]] = defaultdict(list)
    cases = fixtures(arguments.mirror)
    agreeing = explained = 0
    for name, files in cases.items():
        found = compare_fixture(name, files)
        if not found:
            agreeing += 1
            print(f"{name}: agrees")
            continue
        explained += all(kind in REASONS for kind, _ in found)
        print(f"{name}: {len(found)} difference(s)")
        for kind, where in found:
            print(f"    {kind}    ({where})")
            classes[kind].append(name)
    total = len(cases)
    print(f"\nagreement: {agreeing} of {total} fixtures ({100 * agreeing / total:.1f}%)")
    print(
        f"agreement but for the documented differences below: {agreeing + explained} of "
        f"{total} ({100 * (agreeing + explained) / total:.1f}%)"
    )
    print("\ndifference classes (count, fixtures, reason):")
    for kind, names in sorted(classes.items(), key=lambda item: -len(item[1])):
        reason = REASONS.get(kind, "(no reason recorded)")
        print(f"  {len(names):3}  {kind}")
        print(f"       in {', '.join(sorted(set(names)))}\n       why: {reason}")


def compare_fixture(name: str, files: dict[str, t.Any]) -> list[Difference]:
    """How contractkit's reading of one fixture differs from swagger2openapi's, by class."""
    options = files.get("options.yaml", {})
    source = files["swagger.yaml"]
    if source.get("swagger") == 2.0:
        # Unquoted in YAML, a number: openapi-spec-validator and check refuse it,
        # swagger2openapi reads it; the conversion is compared all the same.
        print(f"{name}: (swagger: 2.0 is a number; compared as '2.0')")
        source["swagger"] = "2.0"
    problems = check_document(source)
    if options.get("throws"):
        return [] if problems else [("refused by swagger2openapi, accepted by contractkit", name)]
    if not problems:
        return _compared(name, options, source, files["openapi.yaml"])
    kind = f"input refused by check: {_problem_kind(str(problems[0]))}"
    found = [(kind, str(problems[0])[:160])]
    if "external" not in kind:  # the conversion is compared too
        found.extend(_compared(name, options, source, files["openapi.yaml"]))
    return found


def _compared(
    name: str, options: dict[str, t.Any], source: dict[str, t.Any], expected: dict[str, t.Any]
) -> list[Difference]:
    ours = normalised(to_openapi3(source), source)
    return classify(name, options, differences(ours, normalised(expected, source)))


if __name__ == "__main__":
    main()
