#!/usr/bin/env bash
# Builds the library's NuGet package into dist/dotnet with jsii-pacmak (the package:dotnet task), which needs the
# .NET SDK. No registry this project's machines reach serves one, so there a local run says so and builds
# nothing; on CI (the build and release workflows install the SDK) a missing SDK fails the task.
set -euo pipefail
cd "$(dirname "$0")/../.."
if ! command -v dotnet >/dev/null && [ -z "${CI:-}" ]; then
  echo "package:dotnet: no .NET SDK (dotnet) on PATH, so no NuGet package is built here: install the .NET SDK to build it"
  exit 0
fi
node_modules/.bin/jsii-pacmak -v --target dotnet
