#!/usr/bin/env bash
# The Trino server the SQL tests run the views in (Trino is the engine Athena engine version 3 runs).
#
#   scripts/ensure-trino.sh           fetch trino-server through Maven into the local Maven repository when it
#                                     is missing, unpack it once into .tools/trino-server-<version>/, find Java
#   scripts/ensure-trino.sh --check   change nothing; print TRINO_HOME=... and TRINO_JAVA_HOME=... when both are
#                                     ready, else say what is missing and how to get it (exit status 1)
#
# Java: Trino 476 needs Java 24 or later. Taken from TRINO_JAVA_HOME when set, else
# /usr/lib/jvm/temurin-25-jdk-amd64, else the first /usr/lib/jvm/* of version 24 or later.
# The Maven repository is MAVEN_LOCAL_REPOSITORY (default ~/.m2/repository), as for the Java package.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

readonly TRINO_VERSION=476
readonly MIN_JAVA=24
repo=${MAVEN_LOCAL_REPOSITORY:-$HOME/.m2/repository}
archive=$repo/io/trino/trino-server/$TRINO_VERSION/trino-server-$TRINO_VERSION.tar.gz
server=$root/.tools/trino-server-$TRINO_VERSION

# The major version of the Java in home $1, or nothing when it has none.
java_major() {
  local home=$1 line
  [ -x "$home/bin/java" ] || return 0
  line=$("$home/bin/java" -version 2>&1 | head -n 1) || return 0
  # `openjdk version "25.0.3" 2026-04-21 LTS`, `java version "1.8.0_412"`
  line=${line#*\"}
  line=${line%%\"*}
  case $line in
    1.*) line=${line#1.} ;;
  esac
  echo "${line%%[.+-]*}"
}

find_java() {
  local candidate major
  if [ -n "${TRINO_JAVA_HOME:-}" ]; then
    major=$(java_major "$TRINO_JAVA_HOME")
    if [ -z "$major" ] || [ "$major" -lt "$MIN_JAVA" ]; then
      echo "TRINO_JAVA_HOME=$TRINO_JAVA_HOME is not a Java $MIN_JAVA or later (found: ${major:-no bin/java})." >&2
      return 1
    fi
    echo "$TRINO_JAVA_HOME"
    return 0
  fi
  for candidate in /usr/lib/jvm/temurin-25-jdk-amd64 /usr/lib/jvm/*; do
    [ -d "$candidate" ] || continue
    major=$(java_major "$candidate")
    if [ -n "$major" ] && [ "$major" -ge "$MIN_JAVA" ]; then
      echo "$candidate"
      return 0
    fi
  done
  cat >&2 <<EOF
No Java $MIN_JAVA or later was found (Trino $TRINO_VERSION needs it; the default Java may be older).
Install a JDK of version $MIN_JAVA or later, for example Eclipse Temurin 25 from https://adoptium.net
(on Debian or Ubuntu: add the Adoptium apt repository, then install temurin-25-jdk), and either let it live
under /usr/lib/jvm/ or point TRINO_JAVA_HOME at its home directory.
EOF
  return 1
}

server_ready() {
  [ -x "$server/bin/launcher" ] && [ -d "$server/plugin/hive" ] && [ -f "$server/.unpacked" ]
}

if [ "${1:-}" = "--check" ]; then
  if ! server_ready; then
    echo "The Trino server is not set up: $server is missing. Run scripts/ensure-trino.sh (scripts/run test runs it)." >&2
    exit 1
  fi
  java_home=$(find_java) || exit 1
  echo "TRINO_HOME=$server"
  echo "TRINO_JAVA_HOME=$java_home"
  exit 0
fi

java_home=$(find_java)

if ! server_ready; then
  if [ ! -f "$archive" ]; then
    if ! command -v mvn >/dev/null; then
      echo "Maven (mvn) is needed to fetch trino-server $TRINO_VERSION from Maven Central: install it (apt-get install maven)." >&2
      exit 1
    fi
    echo "Fetching trino-server $TRINO_VERSION (about 820 MB) from Maven Central into $repo"
    mvn -B -q -Dmaven.repo.local="$repo" dependency:get \
      -Dartifact="io.trino:trino-server:$TRINO_VERSION:tar.gz" -Dtransitive=false
  fi
  echo "Unpacking trino-server $TRINO_VERSION into $server"
  rm -rf "$server" "$server.partial"
  mkdir -p "$server.partial"
  tar -xzf "$archive" -C "$server.partial" --strip-components=1
  # Marks a complete unpacking: an interrupted one is started again.
  touch "$server.partial/.unpacked"
  mv "$server.partial" "$server"
fi

echo "Trino $TRINO_VERSION: $server (Java: $java_home)"
