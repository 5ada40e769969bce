#!/usr/bin/env python3
"""Print the cases of expected.json (optionally only those of one source file) for review."""
import json, sys
from pathlib import Path
p = Path(__file__).resolve().parent.parent / "Tests/JinjaTests/Corpus/expected.json"
only = sys.argv[1] if len(sys.argv) > 1 else None
for r in json.loads(p.read_text()):
    if only and r["source_file"] != only:
        continue
    if "error" in r:
        print(f"{r['name']}: !! {r['error']}: {r['error_message']}")
    else:
        print(f"{r['name']}: {r['output']!r}")
