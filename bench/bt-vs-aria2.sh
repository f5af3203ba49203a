#!/usr/bin/env bash
# Times the gateway's BitTorrent adapter against aria2c on loopback, in both directions (issue #3).
#   usage: bench/bt-vs-aria2.sh [FILE] [--adapter-jar JAR] [--swap-jar JAR]... [--rounds N] [--warm] [--jfr] [--perf]
#                               [--syscalls] [--download-only] [--no-settle]
# Without FILE a 1 GiB random file is made in a temp dir. A single-file torrent of it (mktorrent, 1 MiB pieces) is
# announced to a local opentracker. Then, each round alternating, 3 rounds:
#   download: one aria2c seeder; (i) a fresh gateway downloads it (POST /api/v1/transfers/torrents, then the
#             event long poll GET /api/v1/events?wait=; timed from the add until its transfer.state event to
#             COMPLETED or SEEDING) and (ii) a second aria2c
#             downloads it (--seed-time=0; timed from its start to its exit);
#   seeding:  (i) aria2c downloads from the gateway as the only seeder (the file shared through POST /api/v1/shares,
#             the .torrent taken from GET /api/v1/shares/{id}/links, announced to a second tracker) and (ii) aria2c
#             downloads from the aria2c seeder.
# Every output is checked with sha1sum against the source. Prints times, MB/s, the CPU seconds (user + system, and
# each apart) each side used meanwhile (on a shared machine the less CPU per GiB, the less the other side is
# starved), the gateway's CPU per thread, the 1-minute load average at the end of each run, and the ratio
# gateway/aria2c of the best times (above 1 means the gateway is slower) with the least CPU seconds of each
# downloader, plus the gateway's peak heap: the largest heap occupancy before
# a collection in its -Xlog:gc log (and the largest after one, the live set), with the process's peak RSS (VmHWM)
# and jcmd GC.heap_info at the end.
# --adapter-jar runs the packaged gateway with another build of the adapter (e.g. adapters/bittorrent/target/...jar)
# swapped into its extracted lib/ folder; --swap-jar does the same for any crossnet module jar (matched by its
# artifact id), e.g. the spi and engine jars a newer adapter needs. --jfr runs each downloading gateway with Java
# Flight Recorder and records each timed download on its own (profile settings, gw-<label>.jfr in $BT_BENCH_OUT,
# default /tmp/bt-bench, kept after the run), then prints its hottest top-of-stack frames, allocation by class, GC
# and JIT totals; --perf records each gateway download with `perf record -g` into the same folder and prints the
# hottest symbols (JIT-compiled frames named through `jcmd Compiler.perfmap`; add GATEWAY_JAVA_OPTS=
# -XX:+PreserveFramePointer for Java call chains); --syscalls counts the system calls of each downloader (gateway and
# aria2c) with `perf stat`; --download-only skips seeding.
# Before a gateway download is timed, the fresh gateway is left to settle until it uses under 5 % of a core in each of
# three seconds in a row (at most 30 s): right after start its JIT compilers are still working through the start-up code, which
# would otherwise compete with the download for the two cores (a gateway normally runs long before a download
# starts). --no-settle times the download right after start, as the first version of this script did. --warm then
# lets the gateway settle again (it hashes a completed download for its share library) and times a second download
# in the same process, of another random file of the same size seeded by the same aria2c (made in the temp dir, or
# $BT_BENCH_WARM_FILE): "cold" is the first download of a fresh JVM (its JIT compiling the download path meanwhile),
# "warm" the steady state of a gateway that has run one. GATEWAY_JAR overrides the gateway jar; GATEWAY_JAVA_OPTS adds JVM options.
# Everything listens on 127.0.0.1; every process started here is stopped on exit.
set -euo pipefail

cd "$(dirname "$0")/.."
ROOT="$(pwd)"
FILE=""
ADAPTER_JAR=""
SWAP_JARS=()
ROUNDS=3
JFR=""
DOWNLOAD_ONLY=""
PERF=""
SYSCALLS=""
SETTLE=1
WARM=""
while [[ $# -gt 0 ]]; do
  case "$1" in
    --adapter-jar) ADAPTER_JAR="$(realpath "$2")"; shift 2 ;;
    --swap-jar) SWAP_JARS+=("$(realpath "$2")"); shift 2 ;;
    --rounds) ROUNDS="$2"; shift 2 ;;
    --jfr) JFR=1; shift ;;
    --download-only) DOWNLOAD_ONLY=1; shift ;;
    --perf) PERF=1; shift ;;
    --syscalls) SYSCALLS=1; shift ;;
    --no-settle) SETTLE=""; shift ;;
    --warm) WARM=1; shift ;;
    -*) echo "option: $1 (expected: --adapter-jar JAR, --swap-jar JAR, --rounds N, --jfr, --perf, --download-only" \
          "--no-settle, --syscalls or --warm)" >&2
        exit 2 ;;
    *) FILE="$(realpath "$1")"; shift ;;
  esac
done
GATEWAY_JAR="${GATEWAY_JAR:-$ROOT/gateway-app/target/crossnet-gateway.jar}"
for tool in aria2c opentracker mktorrent curl jq sha1sum jcmd /usr/bin/time; do
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
# CPU seconds (user + system, all threads) a running process has used so far
cpu_of() { awk -v hz="$(getconf CLK_TCK)" '{ printf "%.2f", ($14 + $15) / hz }' "/proc/$1/stat"; }
# "user system" CPU seconds a running process has used so far
usys_of() { awk -v hz="$(getconf CLK_TCK)" '{ printf "%.2f %.2f", $14 / hz, $15 / hz }' "/proc/$1/stat"; }
# system calls counted by --syscalls (perf stat tracepoints)
SYSCALL_EVENTS=syscalls:sys_enter_read,syscalls:sys_enter_write,syscalls:sys_enter_writev,syscalls:sys_enter_pwrite64,syscalls:sys_enter_pread64,syscalls:sys_enter_epoll_wait,syscalls:sys_enter_futex
syscall_report() {   # perf stat -x, output file: one line of counts
  awk -F, '$3 ~ /sys_enter_/ { n = $3; sub(/.*sys_enter_/, "", n); printf "%s %s  ", n, $1 }' "$1"
  echo
}
# the 1-minute load average now
load1() { cut -d' ' -f1 /proc/loadavg; }
# per thread of a process: "tid user-ticks system-ticks name" (the name may hold spaces: it is in parentheses)
threads_of() {
  for f in /proc/"$1"/task/*/stat; do
    sed -E 's/^([0-9]+) \((.*)\) [A-Z] (([^ ]+ ){10})([0-9]+) ([0-9]+).*/\1 \5 \6 \2/' "$f" 2>/dev/null || true
  done
}
# CPU seconds per thread between two threads_of snapshots, by thread name (numbers folded), largest first
thread_cpu() {
  awk -v hz="$(getconf CLK_TCK)" 'NR == FNR { u[$1] = $2; s[$1] = $3; next }
    { name = $4; for (i = 5; i <= NF; i++) name = name " " $i; gsub(/[0-9]+/, "N", name)
      du[name] += $2 - u[$1]; ds[name] += $3 - s[$1] }
    END { for (n in du) if (du[n] + ds[n] > 0) printf "%8.2f user %6.2f sys  %s\n", du[n] / hz, ds[n] / hz, n }' \
    "$1" "$2" | sort -rn | head -12 || true
}
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
SEED_DIR="$SRC_DIR"
SEED_TORRENTS=("$TMP/bench.torrent")
WHITELIST="$INFOHASH"
if [[ -n "$WARM" ]]; then
  # a second content of the same size for the warm download (the first stays shared by the gateway once complete,
  # so the same torrent cannot be added again); BT_BENCH_WARM_FILE reuses one
  SEED_DIR="$TMP/seed"
  mkdir -p "$SEED_DIR"
  ln -s "$FILE" "$SEED_DIR/$NAME"
  WARM_FILE="${BT_BENCH_WARM_FILE:-}"
  if [[ -z "$WARM_FILE" ]]; then
    WARM_FILE="$SEED_DIR/warm-$NAME"
    head -c "$SIZE" /dev/urandom > "$WARM_FILE"
  else
    ln -s "$(realpath "$WARM_FILE")" "$SEED_DIR/warm-$NAME"
  fi
  WARM_NAME="warm-$NAME"
  WARM_SHA1=$(sha1sum "$WARM_FILE" | cut -d' ' -f1)
  mktorrent -a "$T1" -l 20 -n "$WARM_NAME" -o "$TMP/warm.torrent" "$WARM_FILE" >/dev/null
  WARM_HASH=$(aria2c -S "$TMP/warm.torrent" | awk '/^Info Hash:/ { print $3 }')
  [[ $(stat -L -c %s "$WARM_FILE") -eq $SIZE ]] || die "warm file $WARM_FILE: not $SIZE bytes (expected: same size)"
  SEED_TORRENTS+=("$TMP/warm.torrent")
  WHITELIST="$INFOHASH"$'\n'"$WARM_HASH"
  echo "warm file $WARM_FILE, sha1 $WARM_SHA1, btih $WARM_HASH"
fi

# ------------------------------------------------------------------ trackers (two, so the two seeders never meet)
start_tracker() {   # name tcp udp
  local dir="$TMP/$1"
  mkdir -p "$dir"; chmod 755 "$dir"
  echo "$WHITELIST" > "$dir/whitelist.txt"; chmod 644 "$dir/whitelist.txt"
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
"${ARIA[@]}" --listen-port="$(port 4)" --seed-ratio=0.0 --check-integrity=true -d "$SEED_DIR" \
    "${SEED_TORRENTS[@]}" > "$TMP/aria-seeder.log" 2>&1 &
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
swap() {   # jar artifact-id
  local packaged
  packaged=$(ls "$APP"/lib/"$2"-[0-9]*.jar 2>/dev/null | head -1 || true)
  [[ -n "$packaged" ]] || die "swap $1: no $2-*.jar in the gateway's lib/ (expected: a crossnet module)"
  cp "$1" "$packaged"
  echo "swapped in: $1 (for $(basename "$packaged"))"
}
[[ -n "$ADAPTER_JAR" ]] && swap "$ADAPTER_JAR" crossnet-adapter-bittorrent
for jar in "${SWAP_JARS[@]}"; do
  swap "$jar" "$(basename "$jar" | sed -E 's/-[0-9][^-]*(-SNAPSHOT)?\.jar$//')"
done
OUT="${BT_BENCH_OUT:-/tmp/bt-bench}"
[[ -n "$JFR" ]] && mkdir -p "$OUT"
GW_PID=""
GW_URL=""
GW_TOKEN=""
GW_DATA=""
start_gateway() {   # name bt-port http-port [extra args...]
  local name=$1 bt=$2 http=$3
  shift 3
  GW_DATA="$TMP/$name"
  mkdir -p "$GW_DATA"
  local jfr_opt=""
  if [[ -n "$JFR" && "$name" == gw-down-* ]]; then
    jfr_opt="-XX:StartFlightRecording=filename=$OUT/$name.jfr,settings=profile,dumponexit=true"
  fi
  # shellcheck disable=SC2086
  java ${GATEWAY_JAVA_OPTS:-} $jfr_opt -Xlog:gc:file="$GW_DATA/gc.log" -jar "$APP/crossnet-gateway.jar" \
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
report() {   # label seconds [cpu-seconds]: also prints the 1-minute load average at the end of the run
  printf '  %-34s %8.3f s %8.1f MB/s%s   load %s\n' "$1" "$2" "$(calc "$SIZE / 1000000 / $2")" \
    "${3:+   cpu $3 s}" "$(load1)"
}
ARIA_CPU=""
# Each download's output is deleted right before the next download starts, not right after it ends: on this VM
# (Firecracker; the guest hands free memory back to the host within seconds) writing 1 GiB into page cache the
# guest freed a moment ago costs ~0.4 s of system CPU, into memory it has not touched for a while 2-3.5 s
# (measured with a plain FileChannel writer). Deleting the previous output just before each download gives every
# downloader the same start.
pending_rm() { echo "$1" >> "$TMP/pending-rm"; }
release_pending() {
  if [[ -f "$TMP/pending-rm" ]]; then
    xargs -r rm -rf < "$TMP/pending-rm"
    rm -f "$TMP/pending-rm"
  fi
}
aria_download() {   # label torrent port -> prints seconds; leaves the downloader's CPU seconds in $TMP/$1.cpu
  local dir="$TMP/dl-$1" t0 t1
  rm -rf "$dir"; mkdir -p "$dir"
  release_pending
  t0=$(now)
  local stat=()
  [[ -n "$SYSCALLS" ]] && stat=(perf stat -x, -o "$TMP/$1.syscalls" -e "$SYSCALL_EVENTS")
  timeout 600 /usr/bin/time -f '%U %S' -o "$TMP/$1.time" "${stat[@]}" "${ARIA[@]}" --listen-port="$3" --seed-time=0 \
    -d "$dir" "$2" > "$TMP/$1.log" 2>&1 || die "aria2c $1 failed: $(tail -5 "$TMP/$1.log")"
  t1=$(now)
  check_sha1 "$dir/$NAME" "aria2c $1"
  pending_rm "$dir"
  awk '{ printf "%.2f (aria2c: %.2f user + %.2f sys)", $1 + $2, $1, $2 }' "$TMP/$1.time" > "$TMP/$1.cpu"
  awk '{ printf "%.2f", $1 + $2 }' "$TMP/$1.time" > "$TMP/$1.cpusum"
  calc "$t1 - $t0"
}

# ------------------------------------------------------------------ download direction
settle() {   # waits until the gateway uses under 5 % of a core in 3 seconds in a row (at most $1 s)
  local from quiet=0 a b
  from=$(now)
  for _ in $(seq 1 "$1"); do
    a=$(cpu_of "$GW_PID"); sleep 1; b=$(cpu_of "$GW_PID")
    if [[ $(calc "($b - $a) < 0.05") == 1.000 ]]; then quiet=$((quiet + 1)); else quiet=0; fi
    [[ $quiet -ge 3 ]] && break
  done
  echo "  (gateway settled after $(calc "$(now) - $from") s)"
}
jfr_report() {   # file: hottest frames, allocation by class, GC and compilation of one download's recording
  echo "  JFR: $1; hottest frames (top of stack, all threads) in jdk.ExecutionSample:"
  jfr print --events jdk.ExecutionSample "$1" \
    | awk '/stackTrace = \[/ { getline; sub(/^[ \t]+/, ""); sub(/line:.*/, ""); print }' \
    | sort | uniq -c | sort -rn | head -15 | sed 's/^/    /' || true
  echo "  allocation (jdk.ObjectAllocationSample weight, MB, by class):"
  jfr print --events jdk.ObjectAllocationSample "$1" \
    | awk '/objectClass = / { c = $3 } /weight = / { w = $3; u = $4; m = (u ~ /^kB/) ? w / 1000 : (u ~ /^MB/) ? w : (u ~ /^GB/) ? w * 1000 : w / 1e6; t[c] += m }
           END { for (k in t) printf "%10.1f  %s\n", t[k], k }' | sort -rn | head -8 | sed 's/^/    /' || true
  printf '    GC: %s collections, %s ms paused; JIT: %s compilations, %s ms compiling\n' \
    "$(jfr print --events jdk.GarbageCollection "$1" | grep -c 'jdk.GarbageCollection' || true)" \
    "$(jfr print --events jdk.GarbageCollection "$1" | awk '/sumOfPauses/ { v = $3; if ($4 ~ /^s/) v *= 1000; if ($4 ~ /^us/) v /= 1000; s += v } END { printf "%.0f", s }')" \
    "$(jfr print --events jdk.Compilation "$1" | grep -c 'jdk.Compilation' || true)" \
    "$(jfr print --events jdk.Compilation "$1" | awk '/duration/ { v = $3; if ($4 ~ /^s/) v *= 1000; if ($4 ~ /^us/) v /= 1000; s += v } END { printf "%.0f", s }')"
}
gw_download() {   # label torrent name sha1: adds the torrent to the running gateway, waits for SEEDING; sets GW_TIME, GW_ID
  local label=$1 torrent=$2 name=$3 sha=$4 c0 s0 t0 t1 c1 s1 u0 u1 state="" out id page after progress=""
  release_pending
  if [[ -n "$JFR" ]]; then
    # a recording of this download alone (the one started with the JVM has set JFR up, so this one costs little)
    jcmd "$GW_PID" JFR.start name="dl-$label" settings=profile > /dev/null || die "JFR.start failed"
  fi
  u0=$(usys_of "$GW_PID")
  c0=$(cpu_of "$GW_PID")
  s0=$(cpu_of "$ARIA_SEEDER")
  threads_of "$GW_PID" > "$TMP/threads0"
  STAT_PID=""
  if [[ -n "$SYSCALLS" ]]; then
    perf stat -x, -o "$TMP/gw-$label.syscalls" -e "$SYSCALL_EVENTS" -p "$GW_PID" > /dev/null 2>&1 &
    STAT_PID=$!
    PIDS+=("$STAT_PID")
    sleep 0.5
  fi
  PERF_PID=""
  if [[ -n "$PERF" ]]; then
    mkdir -p "$OUT"
    perf record -q -g -p "$GW_PID" -o "$OUT/perf-$label.data" > "$TMP/perf.log" 2>&1 &
    PERF_PID=$!
    PIDS+=("$PERF_PID")
    sleep 0.5
  fi
  after=$(api GET /gateway | jq -r .lastEventId)
  t0=$(now)
  id=$(api POST /transfers/torrents -H 'Content-Type: application/x-bittorrent' \
        --data-binary @"$torrent" | jq -r .id)
  [[ -n "$id" && "$id" != null ]] || die "transfer add returned no id"
  GW_ID=$id
  # waits on the event long poll (one request at a time, answered when events arrive) rather than polling the
  # transfer 10 times a second: the gateway's REST work then does not compete with the download it measures
  for i in $(seq 1 40); do
    page=$(api GET "/events?after=$after&limit=1000&wait=15000")
    progress+=$(jq -r --arg id "$id" '.events[] | select(.type == "transfer.progress" and .data.transfer == $id)
                                      | " \(.data.bytesDone | tonumber / 1048576 | floor)"' <<< "$page" | tr -d '\n')
    state=$(jq -r --arg id "$id" '[.events[] | select(.type == "transfer.state" and .data.transfer == $id)
                                   | .data.to] | last // ""' <<< "$page")
    [[ "$state" == COMPLETED || "$state" == SEEDING ]] && break
    [[ "$state" == FAILED ]] && die "gateway transfer failed: $(api GET "/transfers/$id")"
    [[ "$(jq -r .gap <<< "$page")" == true ]] && die "event buffer overran while waiting for transfer $id"
    after=$(jq -r .next <<< "$page")
    if [[ $i -eq 4 ]] && grep -q "could not start transfer $id" "$GW_DATA/out.log"; then
      die "gateway transfer $id did not start: $(grep "could not start transfer $id" "$GW_DATA/out.log")"
    fi
    [[ $i -eq 40 ]] && die "gateway transfer not done after 600 s: $(api GET "/transfers/$id")"
  done
  t1=$(now)
  GW_PROGRESS=$progress
  c1=$(cpu_of "$GW_PID")
  u1=$(usys_of "$GW_PID")
  s1=$(cpu_of "$ARIA_SEEDER")
  threads_of "$GW_PID" > "$TMP/threads1"
  [[ -n "$JFR" ]] && jcmd "$GW_PID" JFR.stop name="dl-$label" filename="$OUT/gw-$label.jfr" > /dev/null
  if [[ -n "$PERF_PID" ]]; then
    kill -INT "$PERF_PID" 2>/dev/null || true
    wait "$PERF_PID" 2>/dev/null || true
    # names for the JIT-compiled frames (/tmp/perf-<pid>.map, read by perf report)
    jcmd "$GW_PID" Compiler.perfmap > /dev/null 2>&1 || true
  fi
  if [[ -n "$STAT_PID" ]]; then
    kill -INT "$STAT_PID" 2>/dev/null || true
    wait "$STAT_PID" 2>/dev/null || true
  fi
  GW_TIME=$(calc "$t1 - $t0")
  out=$(find "$GW_DATA/downloads" -type f -name "$name" | head -1)
  [[ "$(sha1sum "$out" | cut -d' ' -f1)" == "$sha" ]] || die "gateway download $label: $out (expected: sha1 $sha)"
  GW_CPU=$(calc "$c1 - $c0")
  report "gateway <- aria2c ($label)" "$GW_TIME" "$GW_CPU (gateway: $(echo "$u0 $u1" \
    | awk '{ printf "%.2f user + %.2f sys", $3 - $1, $4 - $2 }')), $(calc "$s1 - $s0") (seeder)"
  if [[ -n "$PERF_PID" ]]; then
    echo "  perf: $OUT/perf-$label.data; hottest symbols (self):"
    perf report -i "$OUT/perf-$label.data" --no-children --sort comm,dso,sym -g none 2>/dev/null \
      | grep -v '^#' | grep '%' | head -25 | sed 's/^/    /' || true   # head closes the pipe early
    cp "/tmp/perf-$GW_PID.map" "$OUT/perf-$label.map" 2>/dev/null || true
  fi
  [[ -n "$STAT_PID" ]] && echo "  system calls: $(syscall_report "$TMP/gw-$label.syscalls")"
  echo "  MiB done at each of the engine's once-a-second progress events:$GW_PROGRESS"
  echo "  gateway CPU by thread during the download:"
  thread_cpu "$TMP/threads0" "$TMP/threads1" | head -6 | sed 's/^/    /'
  if [[ -n "$JFR" ]]; then
    jfr_report "$OUT/gw-$label.jfr"
  fi
}
echo "download direction: one aria2c seeder, $ROUNDS rounds alternating gateway and aria2c downloaders"
for round in $(seq 1 "$ROUNDS"); do
  echo "round $round"
  start_gateway "gw-down-$round" "$(port 5)" "$(port 6)"
  [[ -n "$SETTLE" ]] && settle 30
  gw_download "cold-$round" "$TMP/bench.torrent" "$NAME" "$SHA1"
  best gw_down "$GW_TIME"
  best cpu_gw_down "$GW_CPU"
  if [[ -n "$WARM" ]]; then
    # a second download of the same size in the same process: the JIT has compiled the download path by then.
    # Settled first, since the engine hashes a completed download for its share library; then the first is removed
    # with its data right before the second starts, as every other download's predecessor is (see pending_rm).
    settle 60
    api DELETE "/transfers/$GW_ID?deleteData=true" -o /dev/null || die "transfer remove failed"
    gw_download "warm-$round" "$TMP/warm.torrent" "$WARM_NAME" "$WARM_SHA1"
    best gw_warm "$GW_TIME"
    best cpu_gw_warm "$GW_CPU"
  fi
  heap_report "gw-down-$round"
  stop_pid "$GW_PID"
  [[ -n "$JFR" ]] && echo "  JFR of the whole process (start-up, settling and downloads): $OUT/gw-down-$round.jfr"
  pending_rm "$GW_DATA/downloads"
  s0=$(cpu_of "$ARIA_SEEDER")
  ar=$(aria_download "down-$round" "$TMP/bench.torrent" "$(port 7)")
  report "aria2c <- aria2c" "$ar" "$(cat "$TMP/down-$round.cpu"), $(calc "$(cpu_of "$ARIA_SEEDER") - $s0") (seeder)"
  best aria_down "$ar"
  best cpu_aria_down "$(cat "$TMP/down-$round.cpusum")"
  [[ -n "$SYSCALLS" ]] && echo "  system calls: $(syscall_report "$TMP/down-$round.syscalls")"
done
download_summary() {
  echo "best of $ROUNDS ($SIZE bytes):"
  report "download: gateway <- aria2c, cold" "${BEST[gw_down]}"
  [[ -n "$WARM" ]] && report "download: gateway <- aria2c, warm" "${BEST[gw_warm]}"
  report "download: aria2c <- aria2c" "${BEST[aria_down]}"
  printf '  ratio gateway/aria2c time, cold JVM: %s\n' "$(calc "${BEST[gw_down]} / ${BEST[aria_down]}")"
  printf '  least CPU seconds (user + system) per download: gateway cold %s%s, aria2c %s\n' "${BEST[cpu_gw_down]}" \
    "${WARM:+, gateway warm ${BEST[cpu_gw_warm]:-}}" "${BEST[cpu_aria_down]}"
  if [[ -n "$WARM" ]]; then
    printf '  ratio gateway/aria2c time, warm JVM: %s\n' "$(calc "${BEST[gw_warm]} / ${BEST[aria_down]}")"
  fi
}

if [[ -n "$DOWNLOAD_ONLY" ]]; then
  download_summary
  echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
  exit 0
fi
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
  c0=$(cpu_of "$GW_PID")
  gs=$(aria_download "seed-gw-$round" "$TMP/gateway.torrent" "$(port 10)")
  report "aria2c <- gateway" "$gs" "$(calc "$(cpu_of "$GW_PID") - $c0") (seeder), $(cat "$TMP/seed-gw-$round.cpu")"
  best gw_seed "$gs"
  s0=$(cpu_of "$ARIA_SEEDER")
  as=$(aria_download "seed-aria-$round" "$TMP/bench.torrent" "$(port 11)")
  report "aria2c <- aria2c" "$as" "$(calc "$(cpu_of "$ARIA_SEEDER") - $s0") (seeder), $(cat "$TMP/seed-aria-$round.cpu")"
  best aria_seed "$as"
done
heap_report gw-seed

download_summary
report "seeding: aria2c <- gateway" "${BEST[gw_seed]}"
report "seeding: aria2c <- aria2c" "${BEST[aria_seed]}"
printf '  ratio gateway/aria2c time: %s\n' "$(calc "${BEST[gw_seed]} / ${BEST[aria_seed]}")"
echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
