#!/usr/bin/env bash
# Builds the library's Java package into dist/java with jsii-pacmak (the package:java task).
#
# jsii-pacmak builds with a new, empty local Maven repository on every run unless told otherwise, and so
# downloads every dependency each time; here it uses a lasting one (MAVEN_LOCAL_REPOSITORY, default
# ~/.m2/repository), into which provide-aws-cdk-lib.sh first puts aws-cdk-lib at the version in package.json.
set -euo pipefail
cd "$(dirname "$0")/../.."
repo=${MAVEN_LOCAL_REPOSITORY:-$HOME/.m2/repository}
bash bindings/java/provide-aws-cdk-lib.sh
node_modules/.bin/jsii-pacmak -v --target java --maven-local-repository="$repo"
