#!/usr/bin/env bash
# Checks the Go binding: builds main.go against the module jsii-pacmak wrote into dist/go and aws-cdk-go at the
# version the library is built against (package.json devDependencies), synthesizes the app, and checks the
# template with bindings/check_template.py. Run `npx projen test:bindings` (it writes dist/go first).
#
# The app is built in a temporary copy, so that resolving its dependencies never rewrites the committed go.mod;
# the Go module and build caches (~/go/pkg/mod, ~/.cache/go-build) make every run after the first quick.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)

fail() { echo "bindings/go: FAILED: $*" >&2; exit 1; }

command -v go >/dev/null || fail "Go is not on PATH: install Go 1.25 or later (https://go.dev/dl/)"
module=$root/dist/go/cdkengagementeventsdatabase
[ -f "$module/go.mod" ] || fail "no Go module in $module: run 'npx projen test:bindings', which generates it"

cdk_version=$(node -p 'require(process.argv[1]).devDependencies["aws-cdk-lib"]' "$root/package.json")
grep -q "github.com/aws/aws-cdk-go/awscdk/v2 v$cdk_version\$" "$here/go.mod" \
  || fail "go.mod must require github.com/aws/aws-cdk-go/awscdk/v2 v$cdk_version, the aws-cdk-lib in package.json devDependencies"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp "$here/main.go" "$here/go.mod" "$work/"
cd "$work"
go mod edit -replace "github.com/engagement-events/cdk-engagement-events-database-go/cdkengagementeventsdatabase=$module"
start=$SECONDS
echo "Resolving and building the Go app (the first build compiles aws-cdk-go: about a minute)"
go mod tidy
go build -o app . || fail "the Go app does not build against dist/go"
echo "  built in $((SECONDS - start)) s"
./app "$work/cdk.out" || fail "the Go app did not synthesize"
python3 "$root/bindings/check_template.py" go "$work/cdk.out"
