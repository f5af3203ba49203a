#!/usr/bin/env bash
# Download throughput of a file over Gnutella HTTP between endpoints on loopback (issue #4, transfer side).
#   usage: bench/gnutella-http.sh [MiB=256] [sources=2] [rounds=3] [tth=true]
# Runs org.crossnet.adapter.gnutella.http.bench.GnutellaHttpBenchmark (adapters/gnutella test sources): N serving
# endpoints share one random file; one endpoint downloads it from all of them at once into a file-backed store,
# checking every THEX range (tth=true) and the whole file's SHA-1; prints the time and MB/s of each round.
# No real Gnutella servent is packaged in Debian 12 (gtk-gnutella has no candidate), so there is no side-by-side
# reference client here.
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -o -q test-compile -pl adapters/gnutella
CP_FILE="$(mktemp)"
trap 'rm -f "$CP_FILE"' EXIT
mvn -B -o -q dependency:build-classpath -pl adapters/gnutella -Dmdep.includeScope=test -Dmdep.outputFile="$CP_FILE"
java -cp "adapters/gnutella/target/test-classes:adapters/gnutella/target/classes:$(cat "$CP_FILE")" \
  org.crossnet.adapter.gnutella.http.bench.GnutellaHttpBenchmark "$@"
