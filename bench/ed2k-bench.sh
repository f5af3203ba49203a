#!/usr/bin/env bash
# Times the eDonkey adapter side by side with aMule's daemon (issue #5).
#   usage: bench/ed2k-bench.sh [--loopback-mib N] [--amule-mib N] [--skip-amule]
# 1. adapter -> adapter on 127.0.0.1: a random file of --loopback-mib (default 256) MiB, shared by one adapter and
#    downloaded by another (both in one JVM, in-memory store on the downloading side).
# 2. In a network namespace on 198.51.100.0/24 (amuled refuses 127.0.0.0/8 peers; see ../shared/peers.md), with the
#    LD_PRELOAD shim of adapters/edonkey/src/test/native/amule-shim/: amuled downloading from the adapter vs amuled
#    downloading from amuled, and the adapter downloading from amuled vs amuled downloading from amuled, on a random
#    file of --amule-mib (default 64) MiB. amuled uploads about 0.6 MB/s per source to another amuled, so 256 MiB
#    would take over 7 minutes; pass --amule-mib 256 for the full-size comparison.
# Every result is compared byte for byte. Needs root (ip netns), amule-daemon, amule-utils, gcc, and the module
# built: mvn -B -o -q install -pl adapters/edonkey -DskipTests. Every process started here is stopped on exit.
set -euo pipefail

cd "$(dirname "$0")/.."
ROOT="$(pwd)"
LOOPBACK_MIB=256
AMULE_MIB=64
SKIP_AMULE=""
while [[ $# -gt 0 ]]; do
  case "$1" in
    --loopback-mib) LOOPBACK_MIB="$2"; shift 2 ;;
    --amule-mib) AMULE_MIB="$2"; shift 2 ;;
    --skip-amule) SKIP_AMULE=1; shift ;;
    *) echo "option: $1 (expected: --loopback-mib N, --amule-mib N or --skip-amule)" >&2; exit 2 ;;
  esac
done
MODULE="$ROOT/adapters/edonkey"
[[ -d "$MODULE/target/test-classes" ]] || { echo "build first: mvn -B -o -q install -pl adapters/edonkey -DskipTests" >&2; exit 1; }

TMP="$(mktemp -d)"
trap 'rm -rf "$TMP"' EXIT
CP_FILE="$TMP/classpath"
mvn -B -o -q dependency:build-classpath -pl adapters/edonkey -Dmdep.includeScope=test -Dmdep.outputFile="$CP_FILE" >/dev/null
# private copies of the jars: a module installed into ~/.m2 while this runs must not change the classes under it
mkdir -p "$TMP/jars"
JARS=""
IFS=: read -r -a DEPS < "$CP_FILE" || true  # no trailing newline: read returns 1
for jar in "${DEPS[@]}"; do cp "$jar" "$TMP/jars/$(basename "$jar")"; JARS="$JARS:$TMP/jars/$(basename "$jar")"; done
CP="$MODULE/target/classes:$MODULE/target/test-classes$JARS"
run() { (cd "$MODULE" && java -Dbasedir="$MODULE" -Xmx2g -cp "$CP" org.crossnet.adapter.edonkey.bench.Ed2kBench "$@"); }

head -c "$((LOOPBACK_MIB * 1024 * 1024))" /dev/urandom > "$TMP/ed2k-bench-loopback.bin"
echo "== adapter -> adapter, loopback, $LOOPBACK_MIB MiB"
run loopback "$TMP/ed2k-bench-loopback.bin"
rm -f "$TMP/ed2k-bench-loopback.bin"

if [[ -z "$SKIP_AMULE" ]]; then
  for tool in amuled amulecmd gcc ip; do
    command -v "$tool" >/dev/null || { echo "$tool: not found (apt-get install -y amule-daemon amule-utils gcc iproute2)" >&2; exit 1; }
  done
  # two files of the same size: the adapter shares one, amuled the other, so each has exactly one source
  head -c "$((AMULE_MIB * 1024 * 1024))" /dev/urandom > "$TMP/ed2k-bench-from-adapter.bin"
  head -c "$((AMULE_MIB * 1024 * 1024))" /dev/urandom > "$TMP/ed2k-bench-from-amule.bin"
  echo "== with amuled, $AMULE_MIB MiB"
  run amule "$TMP/ed2k-bench-from-adapter.bin" "$TMP/ed2k-bench-from-amule.bin"
fi
