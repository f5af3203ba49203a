#!/usr/bin/env bash
# Times the gateway's BitTorrent adapter against aria2c on loopback, in both directions (issue #3).
#   usage: bench/bt-vs-aria2.sh [FILE] [--adapter-jar JAR] [--rounds N]
# Without FILE a 1 GiB random file is made in a temp dir. A single-file torrent of it (mktorrent, 1 MiB pieces) is
# announced to a local opentracker. Then, each round alternating, 3 rounds:
#   download: one aria2c seeder; (i) a fresh gateway downloads it (POST /api/v1/transfers/torrents, poll
#             GET /api/v1/transfers/{id}; timed from the add until COMPLETED or SEEDING) and (ii) a second aria2c
#             downloads it (--seed-time=0; timed from its start to its exit);
#   seeding:  (i) aria2c downloads from the gateway as the only seeder (the file shared through POST /api/v1/shares,
#             the .torrent taken from GET /api/v1/shares/{id}/links, announced to a second tracker) and (ii) aria2c
#             downloads from the aria2c seeder.
# Every output is checked with sha1sum against the source. Prints times, MB/s and the ratio gateway/aria2c of the
# best times (above 1 means the gateway is slower), plus the gateway's peak heap: the largest heap occupancy before
# a collection in its -Xlog:gc log (and the largest after one, the live set), with the process's peak RSS (VmHWM)
# and jcmd GC.heap_info at the end.
# --adapter-jar runs the packaged gateway with another build of the adapter (e.g. adapters/bittorrent/target/...jar)
# swapped into its extracted lib/ folder. GATEWAY_JAR overrides the gateway jar; GATEWAY_JAVA_OPTS adds JVM options.
# Everything listens on 127.0.0.1; every process started here is stopped on exit.
set -euo pipefail

cd "$(dirname "$0")/.."
ROOT="$(pwd)"
FILE=""
ADAPTER_JAR=""
ROUNDS=3
while [[ $# -gt 0 ]]; do
  case "$1" in
    --adapter-jar) ADAPTER_JAR="$(realpath "$2")"; shift 2 ;;
    --rounds) ROUNDS="$2"; shift 2 ;;
    -*) echo "option: $1 (expected: --adapter-jar JAR or --rounds N)" >&2; exit 2 ;;
    *) FILE="$(realpath "$1")"; shift ;;
  esac
done
GATEWAY_JAR="${GATEWAY_JAR:-$ROOT/gateway-app/target/crossnet-gateway.jar}"
for tool in aria2c opentracker mktorrent curl jq sha1sum jcmd; do
  command -v "$tool" >/dev/null || { echo "$tool: not found (expected on PATH)" >&2; exit 1; }
done
[[ -f "$GATEWAY_JAR" ]] || { echo "gateway jar: $GATEWAY_JAR (expected: mvn -B -q install -DskipTests)" >&2; exit 1; }

TMP="$(mktemp -d)"
chmod 755 "$TMP"   # opentracker runs as nobody inside its chroot below this folder
PIDS=()
cleanup() {
  for pid in "${PIDS[@]}"; do
    kill "$pid" 2>/dev/null || true
  done
  for pid in "${PIDS[@]}"; do
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null || true
  done
  rm -rf "$TMP"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

now() { date +%s.%N; }
calc() { awk "BEGIN { printf \"%.3f\", $1 }"; }
die() { echo "error: $*" >&2; exit 1; }
stop_pid() {   # SIGTERM (so clients announce stopped), then SIGKILL after 10 s
  local pid=$1
  kill "$pid" 2>/dev/null || return 0
  for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || return 0; sleep 0.1; done
  kill -9 "$pid" 2>/dev/null || true
}
# a base port with 12 free TCP/UDP ports above it
ports_free() {
  local used
  used=$(ss -Htuan | awk '{ n = split($5, a, ":"); print a[n] }' | sort -u)
  for i in $(seq 0 11); do
    grep -qx "$(($1 + i))" <<< "$used" && return 1
  done
  return 0
}
for _ in $(seq 1 20); do
  BASE=$((20000 + RANDOM % 30000))
  ports_free "$BASE" && break
done
port() { echo $((BASE + $1)); }

# ------------------------------------------------------------------ content and torrent
mkdir -p "$TMP/src"
if [[ -z "$FILE" ]]; then
  FILE="$TMP/src/bench.bin"
  echo "making a 1 GiB random file"
  head -c $((1024 * 1024 * 1024)) /dev/urandom > "$FILE"
fi
SIZE=$(stat -c %s "$FILE")
NAME=$(basename "$FILE")
SRC_DIR=$(dirname "$FILE")
SHA1=$(sha1sum "$FILE" | cut -d' ' -f1)   # also warms the page cache
T1="http://127.0.0.1:$(port 0)/announce"
T2="http://127.0.0.1:$(port 2)/announce"
mktorrent -a "$T1" -l 20 -o "$TMP/bench.torrent" "$FILE" >/dev/null
INFOHASH=$(aria2c -S "$TMP/bench.torrent" | awk '/^Info Hash:/ { print $3 }')
[[ ${#INFOHASH} -eq 40 ]] || die "info hash of $TMP/bench.torrent: '$INFOHASH' (expected: 40 hex digits)"
echo "file $FILE, $SIZE bytes, sha1 $SHA1, btih $INFOHASH"

# ------------------------------------------------------------------ trackers (two, so the two seeders never meet)
start_tracker() {   # name tcp udp
  local dir="$TMP/$1"
  mkdir -p "$dir"; chmod 755 "$dir"
  echo "$INFOHASH" > "$dir/whitelist.txt"; chmod 644 "$dir/whitelist.txt"
  opentracker -i 127.0.0.1 -p "$2" -P "$3" -d "$dir" -u nobody -w /whitelist.txt > "$TMP/$1.log" 2>&1 &
  TRACKER_PID=$!
  PIDS+=("$TRACKER_PID")
  for _ in $(seq 1 50); do
    curl -s -o /dev/null "http://127.0.0.1:$2/stats" && return 0
    sleep 0.1
  done
  die "opentracker $1 did not answer on port $2: $(cat "$TMP/$1.log")"
}
start_tracker tracker1 "$(port 0)" "$(port 1)"
start_tracker tracker2 "$(port 2)" "$(port 3)"
TRACKER2_PID=$TRACKER_PID

ARIA=(aria2c --interface=127.0.0.1 --disable-ipv6=true --enable-dht=false --enable-dht6=false
      --bt-enable-lpd=false --enable-peer-exchange=false --file-allocation=none --console-log-level=notice
      --summary-interval=0 --bt-tracker-interval=1)

# ------------------------------------------------------------------ the aria2c seeder
"${ARIA[@]}" --listen-port="$(port 4)" --seed-ratio=0.0 --check-integrity=true -d "$SRC_DIR" \
    "$TMP/bench.torrent" > "$TMP/aria-seeder.log" 2>&1 &
ARIA_SEEDER=$!
PIDS+=("$ARIA_SEEDER")
for i in $(seq 1 600); do
  grep -q "listening on TCP port" "$TMP/aria-seeder.log" && break
  [[ $i -eq 600 ]] && die "aria2c seeder not listening after 60 s: $(tail -5 "$TMP/aria-seeder.log")"
  sleep 0.1
done
sleep 1   # let its started announce land

# ------------------------------------------------------------------ gateway helpers
APP="$TMP/app"
java -Djarmode=tools -jar "$GATEWAY_JAR" extract --destination "$APP" >/dev/null
if [[ -n "$ADAPTER_JAR" ]]; then
  packaged=$(ls "$APP"/lib/crossnet-adapter-bittorrent-*.jar)
  cp "$ADAPTER_JAR" "$packaged"
  echo "adapter: $ADAPTER_JAR (swapped in for $(basename "$packaged"))"
fi
GW_PID=""
GW_URL=""
GW_TOKEN=""
GW_DATA=""
start_gateway() {   # name bt-port http-port [extra args...]
  local name=$1 bt=$2 http=$3
  shift 3
  GW_DATA="$TMP/$name"
  mkdir -p "$GW_DATA"
  # shellcheck disable=SC2086
  java ${GATEWAY_JAVA_OPTS:-} -Xlog:gc:file="$GW_DATA/gc.log" -jar "$APP/crossnet-gateway.jar" \
      --data-dir="$GW_DATA" --server.port="$http" \
      --crossnet.adapters.bittorrent.listen-address=127.0.0.1 \
      --crossnet.adapters.bittorrent.listen-port="$bt" "$@" > "$GW_DATA/out.log" 2>&1 &
  GW_PID=$!
  PIDS+=("$GW_PID")
  GW_URL="http://127.0.0.1:$http/api/v1"
  for i in $(seq 1 600); do
    if [[ -s "$GW_DATA/api-token" ]]; then
      GW_TOKEN=$(cat "$GW_DATA/api-token")
      curl -sf -o /dev/null -H "Authorization: Bearer $GW_TOKEN" "$GW_URL/gateway" && return 0
    fi
    kill -0 "$GW_PID" 2>/dev/null || die "gateway $name exited: $(tail -20 "$GW_DATA/out.log")"
    [[ $i -eq 600 ]] && die "gateway $name not up after 60 s: $(tail -20 "$GW_DATA/out.log")"
    sleep 0.1
  done
}
api() {   # method path [curl args...]
  local method=$1 path=$2
  shift 2
  curl -sf -X "$method" -H "Authorization: Bearer $GW_TOKEN" "$@" "$GW_URL$path"
}
heap_report() {   # name: peak heap from the gc log, VmHWM, heap info now
  local name=$1 peak live
  peak=$(grep -o '[0-9]*M->[0-9]*M' "$TMP/$name/gc.log" | cut -d'M' -f1 | sort -n | tail -1)
  live=$(grep -o '[0-9]*M->[0-9]*M' "$TMP/$name/gc.log" | sed 's/.*->//; s/M//' | sort -n | tail -1)
  echo "  $name: peak heap before a GC ${peak:-?} MiB, largest after a GC ${live:-?} MiB (-Xlog:gc), $(grep VmHWM /proc/"$GW_PID"/status | tr -s ' \t' ' '), $(grep -c 'Pause' "$TMP/$name/gc.log") GC pauses"
  jcmd "$GW_PID" GC.heap_info 2>/dev/null | sed -n '2,3p' | sed 's/^/    /'
}
check_sha1() {   # file label
  local got
  got=$(sha1sum "$1" | cut -d' ' -f1)
  [[ "$got" == "$SHA1" ]] || die "$2: sha1 $got (expected: $SHA1)"
}

declare -A BEST
best() {   # key seconds
  local old=${BEST[$1]:-999999}
  BEST[$1]=$(calc "($2 < $old) ? $2 : $old")
}
report() {   # label seconds
  printf '  %-34s %8.3f s %8.1f MB/s\n' "$1" "$2" "$(calc "$SIZE / 1000000 / $2")"
}
aria_download() {   # label torrent port -> prints seconds
  local dir="$TMP/dl-$1" t0 t1
  rm -rf "$dir"; mkdir -p "$dir"
  t0=$(now)
  timeout 600 "${ARIA[@]}" --listen-port="$3" --seed-time=0 -d "$dir" "$2" > "$TMP/$1.log" 2>&1 \
    || die "aria2c $1 failed: $(tail -5 "$TMP/$1.log")"
  t1=$(now)
  check_sha1 "$dir/$NAME" "aria2c $1"
  rm -rf "$dir"
  calc "$t1 - $t0"
}

# ------------------------------------------------------------------ download direction
echo "download direction: one aria2c seeder, $ROUNDS rounds alternating gateway and aria2c downloaders"
for round in $(seq 1 "$ROUNDS"); do
  start_gateway "gw-down-$round" "$(port 5)" "$(port 6)"
  t0=$(now)
  id=$(api POST /transfers/torrents -H 'Content-Type: application/x-bittorrent' \
        --data-binary @"$TMP/bench.torrent" | jq -r .id)
  [[ -n "$id" && "$id" != null ]] || die "transfer add returned no id"
  state=""
  for i in $(seq 1 6000); do
    state=$(api GET "/transfers/$id" | jq -r .state)
    [[ "$state" == COMPLETED || "$state" == SEEDING ]] && break
    [[ "$state" == FAILED ]] && die "gateway transfer failed: $(api GET "/transfers/$id")"
    [[ $i -eq 6000 ]] && die "gateway transfer not done after 600 s: $(api GET "/transfers/$id")"
    sleep 0.1
  done
  t1=$(now)
  gw=$(calc "$t1 - $t0")
  out=$(find "$GW_DATA/downloads" -type f -name "$NAME" | head -1)
  check_sha1 "$out" "gateway download round $round"
  echo "round $round"
  report "gateway <- aria2c ($state)" "$gw"
  heap_report "gw-down-$round"
  stop_pid "$GW_PID"
  rm -rf "$GW_DATA/downloads"
  best gw_down "$gw"
  ar=$(aria_download "down-$round" "$TMP/bench.torrent" "$(port 7)")
  report "aria2c <- aria2c" "$ar"
  best aria_down "$ar"
done

# ------------------------------------------------------------------ seeding direction
echo "seeding direction: the gateway seeds a share (tracker 2), the aria2c seeder stays on tracker 1"
start_gateway gw-seed "$(port 8)" "$(port 9)" --crossnet.share-roots="$SRC_DIR" \
    --crossnet.adapters.bittorrent.publish-trackers="$T2"
share=$(api POST /shares -H 'Content-Type: application/json' -d "{\"path\":\"$FILE\"}" | jq -r '.[0].id')
for i in $(seq 1 1200); do
  state=$(api GET "/shares/$share" | jq -r .state)
  [[ "$state" == READY ]] && break
  [[ "$state" == FAILED || $i -eq 1200 ]] && die "share not ready: $(api GET "/shares/$share")"
  sleep 0.1
done
api GET "/shares/$share/links" | jq -r .torrent | base64 -d > "$TMP/links.torrent"
if aria2c -S "$TMP/links.torrent" | grep -q '^ *http'; then
  cp "$TMP/links.torrent" "$TMP/gateway.torrent"
else
  # the links' torrent carries no announce URL (publish-trackers are not written into it): add tracker 2's as the
  # first key ("announce" sorts before "created by", "creation date" and "info", so the dictionary stays sorted)
  echo "the share's .torrent has no announce; adding $T2"
  { printf 'd8:announce%d:%s' "${#T2}" "$T2"; tail -c +2 "$TMP/links.torrent"; } > "$TMP/gateway.torrent"
fi
GW_HASH=$(aria2c -S "$TMP/gateway.torrent" | awk '/^Info Hash:/ { print $3 }')
if [[ "$GW_HASH" != "$INFOHASH" ]]; then
  # the gateway picks its own piece length (at most 2000 pieces): 1 MiB for 1 GiB, smaller for small files
  echo "gateway's btih $GW_HASH differs from mktorrent's (piece length); whitelisting it on tracker 2"
  echo "$GW_HASH" >> "$TMP/tracker2/whitelist.txt"
  kill -HUP "$TRACKER2_PID"
  sleep 1
fi
sleep 2   # the share's started announce (re-sent after the tracker's interval if the hash was not yet listed)
for round in $(seq 1 "$ROUNDS"); do
  echo "round $round"
  gs=$(aria_download "seed-gw-$round" "$TMP/gateway.torrent" "$(port 10)")
  report "aria2c <- gateway" "$gs"
  best gw_seed "$gs"
  as=$(aria_download "seed-aria-$round" "$TMP/bench.torrent" "$(port 11)")
  report "aria2c <- aria2c" "$as"
  best aria_seed "$as"
done
heap_report gw-seed

echo "best of $ROUNDS ($SIZE bytes):"
report "download: gateway <- aria2c" "${BEST[gw_down]}"
report "download: aria2c <- aria2c" "${BEST[aria_down]}"
printf '  ratio gateway/aria2c time: %s\n' "$(calc "${BEST[gw_down]} / ${BEST[aria_down]}")"
report "seeding: aria2c <- gateway" "${BEST[gw_seed]}"
report "seeding: aria2c <- aria2c" "${BEST[aria_seed]}"
printf '  ratio gateway/aria2c time: %s\n' "$(calc "${BEST[gw_seed]} / ${BEST[aria_seed]}")"
echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
