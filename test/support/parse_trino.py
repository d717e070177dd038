"""Parses SQL statements as Trino SQL with sqlglot; reads [{"name", "sql"}] as JSON on stdin and prints
[{"name", "error"}] for the statements that do not parse (an empty list when all do)."""
import json
import sys

try:
    import sqlglot
    from sqlglot.errors import ErrorLevel
except ImportError:
    print("sqlglot is not installed", file=sys.stderr)
    sys.exit(3)

failures = []
for statement in json.load(sys.stdin):
    try:
        parsed = sqlglot.parse(statement["sql"], read="trino", error_level=ErrorLevel.RAISE)
        if len([p for p in parsed if p is not None]) != 1:
            raise ValueError(f"expected one statement, found {len(parsed)}")
    except Exception as error:  # noqa: BLE001 - every parse failure is reported
        failures.append({"name": statement["name"], "error": str(error)})
print(json.dumps(failures))
