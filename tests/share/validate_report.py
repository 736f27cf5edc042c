"""Validates tasker reports against share/schema/tasker-report.schema.json (JSON Schema draft
2020-12) with python3-jsonschema. Usage: validate_report.py SCHEMA REPORT... Prints one line per
error and exits 1 if any report is invalid; exits 125 (a CTest skip) without jsonschema."""
import json
import sys

try:
    import jsonschema
except ImportError:
    print("validate_report: python3-jsonschema is needed", file=sys.stderr)
    sys.exit(125)

schema = json.load(open(sys.argv[1]))
jsonschema.Draft202012Validator.check_schema(schema)
validator = jsonschema.Draft202012Validator(schema)
bad = 0
for path in sys.argv[2:]:
    report = json.load(open(path))
    for error in validator.iter_errors(report):
        bad += 1
        where = "/".join(str(p) for p in error.absolute_path)
        print(f"{path}: /{where}: {error.message[:300]}", file=sys.stderr)
sys.exit(1 if bad else 0)
