#!/usr/bin/env python3
"""Render the differential Jinja corpus with Python's jinja2 and write the expected results.

Every case in Tests/JinjaTests/Corpus/source/*.yaml is rendered exactly as promptflow renders
prompt templates: jinja2.sandbox.SandboxedEnvironment(trim_blocks=True, keep_trailing_newline=True)
with the default Undefined and a DictLoader over the case's `files`. The result goes to
Tests/JinjaTests/Corpus/expected.json, which the Swift DifferentialTests compare against.

Usage:
    python3 scripts/generate_jinja_corpus.py           # regenerate expected.json
    python3 scripts/generate_jinja_corpus.py --check   # exit 1 if expected.json is stale
"""

import argparse
import difflib
import json
import sys
from pathlib import Path

import jinja2
import yaml
from jinja2.sandbox import SandboxedEnvironment

REPO = Path(__file__).resolve().parent.parent
CORPUS = REPO / "Tests" / "JinjaTests" / "Corpus"
SOURCE_DIR = CORPUS / "source"
EXPECTED = CORPUS / "expected.json"

CASE_KEYS = {"name", "template", "vars", "files", "note", "expect_error", "unsupported"}
JINJA_VERSION = "3.1.6"


class CorpusError(Exception):
    pass


def load_cases():
    cases = []
    seen = {}
    files = sorted(SOURCE_DIR.glob("*.yaml"))
    if not files:
        raise CorpusError(f"no source files in {SOURCE_DIR}")
    for path in files:
        with path.open(encoding="utf-8") as f:
            doc = yaml.safe_load(f)
        if not isinstance(doc, list):
            raise CorpusError(f"{path.name}: top level must be a list of cases")
        for i, case in enumerate(doc):
            where = f"{path.name} case #{i}"
            if not isinstance(case, dict):
                raise CorpusError(f"{where}: not a mapping")
            unknown = set(case) - CASE_KEYS
            if unknown:
                raise CorpusError(f"{where}: unknown keys {sorted(unknown)}")
            name = case.get("name")
            if not isinstance(name, str) or not name or not name.replace("_", "a").isalnum() or name.lower() != name:
                raise CorpusError(f"{where}: name {name!r} is not snake_case")
            if name in seen:
                raise CorpusError(f"duplicate case name {name!r} in {path.name} (first in {seen[name]})")
            seen[name] = path.name
            template = case.get("template")
            if not isinstance(template, str):
                raise CorpusError(f"{where} ({name}): template must be a string")
            variables = case.get("vars") or {}
            if not isinstance(variables, dict):
                raise CorpusError(f"{where} ({name}): vars must be a mapping")
            extra = case.get("files") or {}
            if not isinstance(extra, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in extra.items()):
                raise CorpusError(f"{where} ({name}): files must map names to template strings")
            try:
                vars_json = json.dumps(variables, ensure_ascii=False, allow_nan=False)
            except (TypeError, ValueError) as e:
                raise CorpusError(f"{where} ({name}): vars are not JSON-representable: {e}")
            if json.loads(vars_json) != variables:
                raise CorpusError(f"{where} ({name}): vars do not round-trip through JSON")
            cases.append(
                {
                    "name": name,
                    "source_file": path.name,
                    "template": template,
                    "vars": variables,
                    "vars_json": vars_json,
                    "files": extra,
                    "note": case.get("note"),
                    "expect_error": case.get("expect_error"),
                    "unsupported": case.get("unsupported"),
                }
            )
    return cases


def render(case):
    env = SandboxedEnvironment(
        trim_blocks=True,
        keep_trailing_newline=True,
        loader=jinja2.DictLoader(case["files"]),
    )
    # Render from parsed JSON, as the Swift side does (JSON numbers, no YAML-only types).
    variables = json.loads(case["vars_json"])
    try:
        template = env.from_string(case["template"])
        return {"output": template.render(**variables)}
    except Exception as e:  # noqa: BLE001 - every template failure is an expected result
        return {"error": type(e).__name__, "error_message": str(e)}


def build():
    records = []
    problems = []
    for case in load_cases():
        result = render(case)
        if case["unsupported"]:
            # A construct Flowgate refuses at load on purpose (docs/architecture.md). Keep what jinja2
            # did for reference; the Swift engine must throw.
            if case["expect_error"] is not None:
                problems.append(f"{case['name']}: use either unsupported or expect_error, not both")
            python = {"python_" + k: v for k, v in result.items()}
            result = {
                "error": "Unsupported",
                "error_message": f"Flowgate does not implement {case['unsupported']} (a load error by design)",
                **python,
            }
        expect_error = case["expect_error"]
        if expect_error is not None:
            got = result.get("error")
            if expect_error is True and got is None:
                problems.append(f"{case['name']}: expected an error, rendered {result['output']!r}")
            elif isinstance(expect_error, str) and got != expect_error:
                problems.append(f"{case['name']}: expected {expect_error}, got {got or 'output ' + repr(result['output'])}")
        elif "error" in result and not case["unsupported"]:
            problems.append(
                f"{case['name']} ({case['source_file']}): unexpected {result['error']}: {result['error_message']}"
                " (add `expect_error: <Class>` if intended)"
            )
        if " at 0x" in result.get("output", ""):
            problems.append(f"{case['name']}: output shows a memory address (nondeterministic): {result['output']!r}")
        record = {
            "name": case["name"],
            "source_file": case["source_file"],
            "template": case["template"],
            "vars": case["vars"],
            "vars_json": case["vars_json"],
            "files": case["files"],
        }
        if case["note"]:
            record["note"] = case["note"]
        record.update(result)
        records.append(record)
    if problems:
        raise CorpusError("cases did not behave as declared:\n  " + "\n  ".join(problems))
    return json.dumps(records, indent=1, ensure_ascii=False) + "\n", records


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--check", action="store_true", help="exit 1 if expected.json is not up to date")
    args = parser.parse_args()
    if jinja2.__version__ != JINJA_VERSION:
        print(f"warning: jinja2 {jinja2.__version__}, corpus was made with {JINJA_VERSION}", file=sys.stderr)
    try:
        text, records = build()
    except CorpusError as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    errors = sum(1 for r in records if "error" in r)
    if args.check:
        current = EXPECTED.read_text(encoding="utf-8") if EXPECTED.exists() else ""
        if current == text:
            print(f"expected.json is up to date ({len(records)} cases, {errors} error cases)")
            return 0
        old = {r["name"]: r for r in json.loads(current)} if current else {}
        new = {r["name"]: r for r in records}
        added = [n for n in new if n not in old]
        removed = [n for n in old if n not in new]
        changed = [n for n in new if n in old and old[n] != new[n]]
        print("expected.json is stale; run: python3 scripts/generate_jinja_corpus.py", file=sys.stderr)
        for label, names in (("added", added), ("removed", removed), ("changed", changed)):
            if names:
                print(f"  {label} ({len(names)}): {', '.join(names[:20])}{' …' if len(names) > 20 else ''}", file=sys.stderr)
        if not (added or removed or changed):
            diff = difflib.unified_diff(current.splitlines(), text.splitlines(), "expected.json", "regenerated", lineterm="")
            for line in list(diff)[:40]:
                print("  " + line, file=sys.stderr)
        return 1
    EXPECTED.write_text(text, encoding="utf-8")
    print(f"wrote {EXPECTED.relative_to(REPO)}: {len(records)} cases, {errors} error cases")
    return 0


if __name__ == "__main__":
    sys.exit(main())
