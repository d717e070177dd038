#!/usr/bin/env bash
# Makes the aws-cdk-lib version this project builds against resolvable by a Maven version range.
#
# jsii-pacmak writes the library's peer dependency `aws-cdk-lib ^X` into the generated pom.xml as the range
# [X,3.0.0). Maven resolves a range from the artifact's maven-metadata.xml, and Maven Central's metadata for
# software.amazon.awscdk:aws-cdk-lib can list fewer versions than are published (here it stops before the
# version in package.json, whose jar and pom are nonetheless downloadable): the range then has "no versions
# available" and the Java package cannot be built. Downloading that exact version and installing it into the
# local repository records it in maven-metadata-local.xml, which Maven reads together with the remote metadata.
#
# Usage: prepare-maven-repository.sh [LOCAL_REPOSITORY]   (default: ~/.m2/repository)
set -euo pipefail
cd "$(dirname "$0")/../.."
repo=${1:-$HOME/.m2/repository}
version=$(node -p 'require("./package.json").devDependencies["aws-cdk-lib"]')
dir=$repo/software/amazon/awscdk/aws-cdk-lib

if grep -qs "<version>$version</version>" "$dir/maven-metadata-local.xml"; then
  exit 0
fi
echo "Installing software.amazon.awscdk:aws-cdk-lib:$version into $repo so that version ranges can resolve it"
mvn -B -q -Dmaven.repo.local="$repo" \
  org.apache.maven.plugins:maven-dependency-plugin:3.6.1:get \
  -Dartifact="software.amazon.awscdk:aws-cdk-lib:$version" -Dtransitive=false
# install-file refuses to install a file onto itself: install from a copy.
staging=$(mktemp -d)
trap 'rm -rf "$staging"' EXIT
cp "$dir/$version/aws-cdk-lib-$version.jar" "$dir/$version/aws-cdk-lib-$version.pom" "$staging/"
mvn -B -q -Dmaven.repo.local="$repo" \
  org.apache.maven.plugins:maven-install-plugin:3.1.1:install-file \
  -Dfile="$staging/aws-cdk-lib-$version.jar" -DpomFile="$staging/aws-cdk-lib-$version.pom"
grep -q "<version>$version</version>" "$dir/maven-metadata-local.xml"
