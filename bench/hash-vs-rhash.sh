#!/usr/bin/env bash
# Times Crossnet's one-pass FileHasher against rhash computing the same five digests on the same file.
#   usage: bench/hash-vs-rhash.sh [FILE] [THREADS]
# Without FILE a 1 GiB random file is made in a temp dir (and removed afterwards). The file is read once to warm the
# page cache, then each tool runs 3 times, alternating, each as a fresh process (so our figure includes JVM start and
# JIT warm-up). Prints seconds and MB/s per run, the best of each, and the ratio ours/rhash of the best times
# (below 1 means Crossnet is faster).
set -euo pipefail

cd "$(dirname "$0")/.."
FILE="${1:-}"
THREADS="${2:-2}"
ROUNDS=3

command -v rhash >/dev/null || { echo "rhash: not found (expected: apt-get install rhash)" >&2; exit 1; }

TMP="$(mktemp -d)"
trap 'rm -rf "$TMP"' EXIT
if [[ -z "$FILE" ]]; then
  FILE="$TMP/bench-1GiB.bin"
  echo "making a 1 GiB random file in $TMP"
  head -c $((1024 * 1024 * 1024)) /dev/urandom > "$FILE"
fi
SIZE=$(stat -c %s "$FILE")

echo "building bench and its dependencies"
mvn -B -q -o -pl bench -am -DskipTests package dependency:build-classpath \
    -Dmdep.outputFile="$TMP/cp.txt" -Dmdep.includeScope=runtime >/dev/null
CP="bench/target/classes:$(cat "$TMP/cp.txt")"

cat "$FILE" > /dev/null   # warm the page cache

now() { date +%s.%N; }
calc() { awk "BEGIN { printf \"%.6f\", $1 }"; }
best_ours=999999
best_rhash=999999
for round in $(seq 1 $ROUNDS); do
  t0=$(now)
  java -cp "$CP" org.crossnet.bench.HashThroughput "$FILE" "$THREADS" > "$TMP/ours.txt"
  t1=$(now)
  rhash --sha1 --ed2k --aich --tth --btih "$FILE" > "$TMP/rhash.txt"
  t2=$(now)
  ours=$(calc "$t1 - $t0")
  theirs=$(calc "$t2 - $t1")
  printf 'round %d: crossnet %.3f s (%.1f MB/s, in-process %s)  rhash %.3f s (%.1f MB/s)\n' "$round" \
    "$ours" "$(calc "$SIZE / 1000000 / $ours")" \
    "$(grep -o 'MB/s=[0-9.]*' "$TMP/ours.txt" | head -1)" \
    "$theirs" "$(calc "$SIZE / 1000000 / $theirs")"
  best_ours=$(calc "($ours < $best_ours) ? $ours : $best_ours")
  best_rhash=$(calc "($theirs < $best_rhash) ? $theirs : $best_rhash")
done
printf 'best: crossnet %.3f s (%.1f MB/s), rhash %.3f s (%.1f MB/s), ratio crossnet/rhash time %.2f\n' \
  "$best_ours" "$(calc "$SIZE / 1000000 / $best_ours")" \
  "$best_rhash" "$(calc "$SIZE / 1000000 / $best_rhash")" \
  "$(calc "$best_ours / $best_rhash")"
echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
