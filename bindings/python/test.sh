#!/usr/bin/env bash
# Checks the Python binding: installs the wheel jsii-pacmak built (dist/python) into a fresh virtual environment
# with aws-cdk-lib pinned to the version the library is built against, synthesizes app.py, checks the template,
# and runs the repair command the wheel installs. Run `npx projen package:python` first (`npx projen
# test:bindings` does both).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
cd "$here"

fail() { echo "bindings/python: FAILED: $*" >&2; exit 1; }

shopt -s nullglob
wheels=("$root"/dist/python/*.whl)
[ ${#wheels[@]} -eq 1 ] || fail "expected exactly one wheel in dist/python, found ${#wheels[@]}: run 'npx projen package:python'"

cdk_version=$(node -p 'require(process.argv[1]).devDependencies["aws-cdk-lib"]' "$root/package.json")
grep -qx "aws-cdk-lib==$cdk_version" requirements.txt \
  || fail "requirements.txt must pin aws-cdk-lib==$cdk_version, the version in package.json devDependencies"

python3 -m venv --clear .venv
.venv/bin/pip install --quiet --disable-pip-version-check -r requirements.txt "${wheels[0]}"

outdir=$(mktemp -d)
trap 'rm -rf "$outdir"' EXIT
.venv/bin/python app.py "$outdir" || fail "app.py did not synthesize"
.venv/bin/python "$root/bindings/check_template.py" python "$outdir"

# The package's repair command comes with the wheel as a console script: jsii runs the bundled JavaScript with Node.js.
usage=$(.venv/bin/cdk-engagement-events-database --help) || fail "the repair command did not run from the Python package"
grep -q '^Usage: npx cdk-engagement-events-database <command>' <<<"$usage" || fail "the repair command printed no usage: $usage"
