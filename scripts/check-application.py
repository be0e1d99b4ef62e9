#!/usr/bin/python3
"""Checks application files (JSON or TOML) against schemas/application.schema.json.

For operators preparing applications, and for the test that keeps the schema
and the C++ parser (gateway/policy/application.cpp) in agreement.
Exit status: 0 all valid, 1 any invalid, 2 usage error. Needs python3-jsonschema.
"""
import json
import pathlib
import sys
import tomllib

import jsonschema

SCHEMA = pathlib.Path(__file__).resolve().parent.parent / "schemas" / "application.schema.json"


def load(path: pathlib.Path):
    if path.suffix == ".toml":
        return tomllib.loads(path.read_text(encoding="utf-8"))
    return json.loads(path.read_text(encoding="utf-8"))


def main(paths):
    if not paths:
        print("usage: check-application.py FILE...", file=sys.stderr)
        return 2
    validator = jsonschema.Draft202012Validator(json.loads(SCHEMA.read_text(encoding="utf-8")))
    status = 0
    for name in paths:
        errors = sorted(validator.iter_errors(load(pathlib.Path(name))), key=lambda e: list(e.path))
        if errors:
            status = 1
            for error in errors:
                where = "/".join(str(p) for p in error.absolute_path) or "(document)"
                print(f"{name}: {where}: {error.message}")
        else:
            print(f"{name}: valid")
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
