#!/usr/bin/env bash
# Search latency to the first hit over Gnutella on loopback (issue #4, messaging side).
#   usage: bench/gnutella-search-latency.sh [ROUNDS]
# Runs org.crossnet.adapter.gnutella.SearchLatencyBench (adapters/gnutella test sources): an ultrapeer and two leaves
# on 127.0.0.1, link compression on, each round a fresh keyword; prints min / median / p90 / max of the time from
# search() to the first hit, for leaf -> ultrapeer (2 nodes) and leaf -> ultrapeer -> leaf through QRP (3 nodes).
# The leaf's query rate limit (5 per second) paces the rounds, so 200 rounds take about a minute per topology.
# Download throughput over Gnutella HTTP belongs to the transfer part: see its own bench/gnutella-* script.
set -euo pipefail
cd "$(dirname "$0")/.."
ROUNDS="${1:-200}"
mvn -B -o -q test-compile -pl adapters/gnutella
CP_FILE="$(mktemp)"
trap 'rm -f "$CP_FILE"' EXIT
mvn -B -o -q dependency:build-classpath -pl adapters/gnutella -Dmdep.includeScope=test -Dmdep.outputFile="$CP_FILE"
java -cp "adapters/gnutella/target/test-classes:adapters/gnutella/target/classes:$(cat "$CP_FILE")" \
  org.crossnet.adapter.gnutella.SearchLatencyBench "$ROUNDS"
