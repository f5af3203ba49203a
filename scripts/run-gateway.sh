#!/usr/bin/env bash
# Builds the gateway if needed and runs it with its embedded defaults: 127.0.0.1:7420, data in ./data
# (H2 catalogue, API token in ./data/api-token). Extra arguments go to the gateway, e.g. --data-dir=/srv/crossnet.
#
# Startup: the first run after a build extracts the fat jar and records a class-data-sharing archive with one
# training start (about 15 s, once); later starts map that archive and start in about half the time
# (docs/performance.md). Set CROSSNET_NO_CDS=1 to run the fat jar directly.
set -euo pipefail
cd "$(dirname "$0")/.."
jar=gateway-app/target/crossnet-gateway.jar
app=gateway-app/target/app
if [ ! -f "$jar" ]; then
  mvn -B -q install -DskipTests
fi
if [ -n "${CROSSNET_NO_CDS:-}" ]; then
  exec java -jar "$jar" "$@"
fi
if [ ! -f "$app/crossnet.jsa" ] || [ "$jar" -nt "$app/crossnet.jsa" ]; then
  rm -rf "$app"
  java -Djarmode=tools -jar "$jar" extract --destination "$app" >/dev/null
  training=$(mktemp -d)
  echo "Recording the class-data-sharing archive (one training start, about 15 s)..."
  # the training start runs on a throwaway data folder and port, and exits once the context is refreshed
  java -XX:ArchiveClassesAtExit="$app/crossnet.jsa" -Xlog:cds=off -Xlog:cds+dynamic=off \
       -Dspring.context.exit=onRefresh -jar "$app/crossnet-gateway.jar" \
       --crossnet.data-dir="$training/data" --server.port=0 >"$training/training.log" 2>&1 \
    || echo "CDS training start failed (see $training/training.log); starting without the archive"
  rm -rf "$training/data"
fi
if [ -f "$app/crossnet.jsa" ]; then
  exec java -XX:SharedArchiveFile="$app/crossnet.jsa" -Xlog:cds=off -Xlog:cds+dynamic=off \
       -jar "$app/crossnet-gateway.jar" "$@"
fi
exec java -jar "$jar" "$@"
