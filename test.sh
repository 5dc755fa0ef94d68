#!/usr/bin/env bash
# Sluice's test command: makes sure Redis and MariaDB are reachable on 127.0.0.1 (installing and
# starting them on a Debian machine that lacks them), then builds everything and runs every test.
# Extra arguments go to Maven, e.g. ./test.sh -pl ingest-service
set -euo pipefail
cd "$(dirname "$0")"
bash scripts/ensure-services.sh
exec ./mvnw -B verify "$@"
