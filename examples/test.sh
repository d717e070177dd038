#!/usr/bin/env bash
# Runs the examples as their READMEs say, inside this repository, and checks that they agree:
#   - examples/complete-solution: `npx cdk synth` (TypeScript through tsx; the package name resolves to the
#     library built in lib/, through examples/tsconfig.json);
#   - examples/complete-solution-python: `npx cdk synth` with the virtual environment bindings/python/test.sh
#     made (the wheel jsii-pacmak built, aws-cdk-lib) first on PATH;
# both with the same inputs, then checks that the two stacks are the same: resources (logical IDs and types) and
# outputs. `npx projen test:bindings` runs it after the binding checks.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)

fail() { echo "examples: FAILED: $*" >&2; exit 1; }

[ -f "$root/lib/index.js" ] || fail "no lib/index.js: run 'npx projen compile' first"
venv=$root/bindings/python/.venv
[ -x "$venv/bin/python" ] || fail "no $venv: run 'bash bindings/python/test.sh' first (npx projen test:bindings does)"

out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
inputs=(-c pinpointProjectId=a1b2c3d4e5f6g7h8i9j0k1l2m3n4o5p6 -c sesConfigurationSets=marketing,transactional -c databaseName=due_eventdb)
# Non-interactive: no standard input, no notices or telemetry to fetch or send.
synth() { (cd "$here/$1" && CDK_DISABLE_CLI_TELEMETRY=true npx cdk synth --no-notices --quiet "${inputs[@]}" -o "$out/$1" </dev/null) >"$out/$1.log" 2>&1 \
  || { cat "$out/$1.log" >&2; fail "npx cdk synth failed in examples/$1"; }; }

start=$SECONDS
synth complete-solution
echo "  examples/complete-solution: npx cdk synth in $((SECONDS - start)) s"
start=$SECONDS
PATH=$venv/bin:$PATH synth complete-solution-python
echo "  examples/complete-solution-python: npx cdk synth in $((SECONDS - start)) s"

python3 - "$out/complete-solution/EngagementEventsDatabase.template.json" "$out/complete-solution-python/EngagementEventsDatabase.template.json" <<'PY'
import json, sys
ts, py = (json.load(open(path)) for path in sys.argv[1:])
def shape(template):
    return ({name: r["Type"] for name, r in template["Resources"].items()}, sorted(template.get("Outputs", {})))
(ts_resources, ts_outputs), (py_resources, py_outputs) = shape(ts), shape(py)
problems = [f"only in TypeScript: {n} ({t})" for n, t in ts_resources.items() if py_resources.get(n) != t]
problems += [f"only in Python: {n} ({t})" for n, t in py_resources.items() if ts_resources.get(n) != t]
if ts_outputs != py_outputs:
    problems.append(f"outputs differ: TypeScript {ts_outputs}, Python {py_outputs}")
for needed in ["EventsBucketName", "DatabaseName", "DeliveryStreamName", "PinpointProjectId", "PinpointProjectArn", "PinpointStreamRoleName", "SmsVoiceConfigurationSetName"]:
    if needed not in ts_outputs:
        problems.append(f"the guide's output {needed} is missing")
for problem in problems:
    print(f"  FAIL {problem}")
print(f"examples: TypeScript and Python complete solutions: {len(ts_resources)} resources, {len(ts_outputs)} outputs; "
      f"{'the same stack' if not problems else f'{len(problems)} differences'}")
sys.exit(1 if problems else 0)
PY
