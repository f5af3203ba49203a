#!/usr/bin/env bash
# Startup time of the packaged gateway: starts `java -jar gateway-app/target/crossnet-gateway.jar` RUNS times (default
# 5), each on a fresh data folder and a free port, and measures wall time from launch until GET /api/v1/gateway
# answers 200 with the token. Prints every run and min/median in ms. Run it on a quiet machine; it is a benchmark,
# not a test (house rule: speed is measured here, never asserted in tests).
#
# Usage: bench/startup.sh [runs]        (build first: mvn -B -q install -DskipTests)
#        bench/startup.sh --cds [runs]  (as scripts/run-gateway.sh starts it: extracted jar + CDS archive)
set -euo pipefail
cd "$(dirname "$0")/.."

if [[ "${1:-}" == "--cds" ]]; then
  shift
  if [[ ! -f gateway-app/target/app/crossnet.jsa ]]; then
    echo "no CDS archive yet: run scripts/run-gateway.sh once (it records gateway-app/target/app/crossnet.jsa)" >&2
    exit 1
  fi
  JAR=gateway-app/target/app/crossnet-gateway.jar
  JAVA_OPTS="-XX:SharedArchiveFile=gateway-app/target/app/crossnet.jsa -Xlog:cds=off -Xlog:cds+dynamic=off"
fi
RUNS=${1:-5}
read -r -a JAVA_OPTS_ARRAY <<< "${JAVA_OPTS:-}"
JAR=${JAR:-gateway-app/target/crossnet-gateway.jar}
# extra JVM flags, e.g. JAVA_OPTS="-XX:SharedArchiveFile=gateway-app/target/app/crossnet.jsa" with
# JAR=gateway-app/target/app/crossnet-gateway.jar to measure the way scripts/run-gateway.sh starts it
JAVA=${JAVA:-java}
[[ -f "$JAR" ]] || { echo "missing $JAR (build first: mvn -B -q install -DskipTests)" >&2; exit 1; }
command -v curl >/dev/null || { echo "needs curl" >&2; exit 1; }

WORK=$(mktemp -d)
PID=""
cleanup() {
  if [[ -n "$PID" ]] && kill -0 "$PID" 2>/dev/null; then kill "$PID"; wait "$PID" 2>/dev/null || true; fi
  rm -rf "$WORK"
}
trap cleanup EXIT

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

now_ms() { date +%s%3N; }

times=()
for run in $(seq 1 "$RUNS"); do
  data="$WORK/data-$run"
  port=$(free_port)
  start=$(now_ms)
  "$JAVA" "${JAVA_OPTS_ARRAY[@]}" -jar "$JAR" --data-dir="$data" --server.port="$port" >"$WORK/log-$run" 2>&1 &
  PID=$!
  token=""
  while :; do
    if ! kill -0 "$PID" 2>/dev/null; then
      echo "run $run: gateway exited; log:" >&2; cat "$WORK/log-$run" >&2; exit 1
    fi
    [[ -z "$token" && -s "$data/api-token" ]] && token=$(tr -d '\n' <"$data/api-token")
    if [[ -n "$token" ]] && [[ "$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $token" \
          "http://127.0.0.1:$port/api/v1/gateway")" == 200 ]]; then
      break
    fi
    if (( $(now_ms) - start > 120000 )); then echo "run $run: no answer within 120 s" >&2; exit 1; fi
    sleep 0.02
  done
  elapsed=$(( $(now_ms) - start ))
  times+=("$elapsed")
  echo "run $run: ${elapsed} ms"
  kill "$PID"; wait "$PID" 2>/dev/null || true; PID=""
done

sorted=($(printf '%s\n' "${times[@]}" | sort -n))
echo "startup to first authenticated answer over $RUNS runs: min ${sorted[0]} ms, median ${sorted[$(( RUNS / 2 ))]} ms"
