#!/usr/bin/env bash
# Runs Sluice: every service in one JVM (console on http://localhost:8080, gRPC ingest on
# localhost:4317) with embedded Redis and MariaDB under ./data, plus the demo app shipping
# realistic log lines. Needs only a JDK 17+. Ctrl-C stops everything.
#
#   SLUICE_REDIS_URL / SLUICE_MYSQL_URL   use your own servers instead of the embedded ones
#   SLUICE_BOOTSTRAP_API_KEY              the API key of tenant 'default' (otherwise the first start
#                                         generates one, prints it once and saves it in ./data/bootstrap-api-key)
#   SLUICE_DEMO=0                         do not start the demo app
#   SLUICE_SKIP_BUILD=1                   do not (re)build first
set -euo pipefail
cd "$(dirname "$0")"

if [ "${SLUICE_SKIP_BUILD:-0}" != "1" ]; then
  echo "Building Sluice (first run downloads dependencies; later runs are quicker)..."
  ./mvnw -B -q -DskipTests install -pl standalone,demo-app -am
fi
standalone_jar=$(ls standalone/target/standalone-*-exec.jar | head -n1)
demo_jar=$(ls demo-app/target/demo-app-*-exec.jar | head -n1)

pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT INT TERM

java ${SLUICE_JAVA_OPTS:-} -jar "$standalone_jar" "$@" &
pids+=($!)

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
echo "Starting Sluice (the first start unpacks the embedded MariaDB and can take a minute)..."
for _ in $(seq 1 300); do
  if port_open 8080 && port_open 4317; then break; fi
  kill -0 "${pids[0]}" 2>/dev/null || { echo "Sluice failed to start; see the log above."; exit 1; }
  sleep 1
done

if [ "${SLUICE_DEMO:-1}" != "0" ]; then
  # The demo app authenticates with the bootstrap key: the configured one, or the one the
  # standalone generated and saved (readable by this user only) before it opened its ports.
  key_file="${SLUICE_STANDALONE_DATA_DIR:-./data}/bootstrap-api-key"
  api_key="${SLUICE_BOOTSTRAP_API_KEY:-}"
  if [ -z "$api_key" ] && [ -f "$key_file" ]; then api_key=$(tr -d '[:space:]' < "$key_file"); fi
  if [ -z "$api_key" ]; then
    echo "No API key for the demo app (set SLUICE_BOOTSTRAP_API_KEY, or keep $key_file): its events will be refused."
  fi
  java -jar "$demo_jar" --sluice.agent.endpoint=localhost:4317 ${api_key:+"--sluice.agent.api-key=$api_key"} >/dev/null 2>&1 &
  pids+=($!)
  echo "Demo app started: it ships real Loghub lines to Sluice."
fi
echo
echo "Sluice is running. Console: http://localhost:8080   (Ctrl-C to stop)"
echo "Sign in by pasting the API key the first start printed; it is kept in ${SLUICE_STANDALONE_DATA_DIR:-./data}/bootstrap-api-key"
echo "(or the SLUICE_BOOTSTRAP_API_KEY you set)."
wait "${pids[0]}"
