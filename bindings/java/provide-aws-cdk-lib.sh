#!/usr/bin/env bash
# Puts software.amazon.awscdk:aws-cdk-lib, at the version in package.json's devDependencies, into the local Maven
# repository that `npx projen package:java` and bindings/java/test.sh use (MAVEN_LOCAL_REPOSITORY, default
# ~/.m2/repository). Nothing is done when it is already installed there.
#
# - From Maven Central when Central serves its jar.
# - Otherwise built from node_modules/aws-cdk-lib by jsii-pacmak, the generator that makes the published jar:
#   a registry may serve the pom of a release but not (yet) its jar.
# Either way the jar is installed with `mvn install`, which records the version in the repository's
# maven-metadata-local.xml. That matters because jsii-pacmak turns the peer dependency `aws-cdk-lib ^X` into the
# Maven range [X,3.0.0), and Maven resolves a range from metadata: Central's metadata for aws-cdk-lib can list
# fewer versions than are published, and the range then has "no versions available".
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$PWD
repo=${MAVEN_LOCAL_REPOSITORY:-$HOME/.m2/repository}
version=$(node -p 'require("./package.json").devDependencies["aws-cdk-lib"]')
installed=$repo/software/amazon/awscdk/aws-cdk-lib
jar=$installed/$version/aws-cdk-lib-$version.jar

if [ -f "$jar" ] && grep -qs "<version>$version</version>" "$installed/maven-metadata-local.xml"; then
  echo "aws-cdk-lib $version is in $repo"
  exit 0
fi

mvn_local() { mvn -B -q -Dmaven.repo.local="$repo" "$@"; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

if mvn_local org.apache.maven.plugins:maven-dependency-plugin:3.6.1:copy \
     -Dartifact="software.amazon.awscdk:aws-cdk-lib:$version:jar" -DoutputDirectory="$work" -Dmdep.stripVersion=false \
     >"$work/download.log" 2>&1 \
   && mvn_local org.apache.maven.plugins:maven-dependency-plugin:3.6.1:copy \
     -Dartifact="software.amazon.awscdk:aws-cdk-lib:$version:pom" -DoutputDirectory="$work" >>"$work/download.log" 2>&1; then
  echo "Installing aws-cdk-lib $version from Maven Central into $repo"
  mvn_local org.apache.maven.plugins:maven-install-plugin:3.1.1:install-file \
    -Dfile="$work/aws-cdk-lib-$version.jar" -DpomFile="$work/aws-cdk-lib-$version.pom"
else
  echo "Maven Central has no jar of aws-cdk-lib $version: building it from node_modules/aws-cdk-lib with jsii-pacmak into $repo"
  start=$SECONDS
  "$root/node_modules/.bin/jsii-pacmak" --target java --code-only -o "$work/generated" "$root/node_modules/aws-cdk-lib"
  echo "  Java sources generated in $((SECONDS - start)) s; compiling"
  (cd "$work/generated/java" && mvn_local install -DskipTests -Dmaven.javadoc.skip=true -Dmaven.source.skip=true)
  echo "  aws-cdk-lib $version built and installed in $((SECONDS - start)) s"
fi
grep -q "<version>$version</version>" "$installed/maven-metadata-local.xml"
