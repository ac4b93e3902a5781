#!/usr/bin/env bash
# Fuzz the running API from its own OpenAPI schema (bounded): no request may cause a server error.
# Usage: scripts/schemathesis_run.sh [max-examples]
set -euo pipefail
cd "$(dirname "$0")/.."
examples="${1:-8}"
data_dir="$(mktemp -d)"
port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
mkdir -p var/cache && ln -s "$PWD/var/cache" "$data_dir/cache"
export PHANGNGA_DATA_DIR="$data_dir" DATABASE_URL="sqlite:///$data_dir/db.sqlite3"
.venv/bin/phangnga serve --demo --port "$port" > "$data_dir/serve.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true; wait $server 2>/dev/null || true; rm -rf "$data_dir"' EXIT
for _ in $(seq 1 240); do
  curl -sf "http://127.0.0.1:$port/api/v1/openapi.json" -o /dev/null && break
  kill -0 $server 2>/dev/null || { cat "$data_dir/serve.log"; exit 1; }
  sleep 1
done
token="$(.venv/bin/phangnga token create --user admin)"
.venv/bin/schemathesis run "http://127.0.0.1:$port/api/v1/openapi.json" \
  --checks not_a_server_error --max-examples "$examples" --seed 2564 \
  --request-timeout 30 -H "Authorization: Bearer $token" \
  --suppress-health-check all
