#!/usr/bin/env bash
# Checks the Java binding: builds bindings/java against the library's Java package that jsii-pacmak wrote
# into dist/java (a Maven repository layout) and aws-cdk-lib at the version the library is built against,
# synthesizes the app in a JUnit test, and checks the template with bindings/check_template.py.
# Run `npx projen package:java` first (`npx projen test:bindings` does both).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
cd "$here"

fail() { echo "bindings/java: FAILED: $*" >&2; exit 1; }

library_version=$(node -p 'require(process.argv[1]).version' "$root/package.json")
cdk_version=$(node -p 'require(process.argv[1]).devDependencies["aws-cdk-lib"]' "$root/package.json")
pom_property() { sed -n "s:.*<$1>\(.*\)</$1>.*:\1:p" pom.xml | head -1; }
[ "$(pom_property library.version)" = "$library_version" ] \
  || fail "pom.xml library.version is $(pom_property library.version), package.json version is $library_version"
[ "$(pom_property cdk.version)" = "$cdk_version" ] \
  || fail "pom.xml cdk.version is $(pom_property cdk.version), package.json devDependencies has aws-cdk-lib $cdk_version"

artifact_dir=$root/dist/java/io/github/engagementevents/cdk-engagement-events-database/$library_version
ls "$artifact_dir"/*.jar >/dev/null 2>&1 || fail "no library jar in $artifact_dir: run 'npx projen package:java'"

# The local repository package:java builds against (bindings/java/provide-aws-cdk-lib.sh puts aws-cdk-lib there).
repo=${MAVEN_LOCAL_REPOSITORY:-$HOME/.m2/repository}
# Maven keeps a copy of every artifact it resolved and never looks again for a release version: drop the copy of
# the library so that this run tests the package just built.
rm -rf "$repo/io/github/engagementevents/cdk-engagement-events-database"

rm -rf target/cdk.out
mvn -B -ntp -Dmaven.repo.local="$repo" test || fail "mvn test failed"
python3 "$root/bindings/check_template.py" java target/cdk.out
