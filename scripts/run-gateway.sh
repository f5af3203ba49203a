#!/usr/bin/env bash
# Builds the gateway if needed and runs it with its embedded defaults: 127.0.0.1:7420, data in ./data
# (H2 catalogue, API token in ./data/api-token). Extra arguments go to the gateway, e.g. --data-dir=/srv/crossnet.
set -euo pipefail
cd "$(dirname "$0")/.."
jar=gateway-app/target/crossnet-gateway.jar
if [ ! -f "$jar" ]; then
  mvn -B -q install -DskipTests
fi
exec java -jar "$jar" "$@"
