#!/usr/bin/env bash
# scripts/bench city --backend sharded [city flags]: the synthetic city on one PostgreSQL and on a coordinator
# with two shards (postgres_fdw), three clusters on this machine's loopback, side by side in one run; then
# check-in ingest through greenlight-server on each (8 clients, batches of 100; bench/server_load_bench.cpp).
# On one machine the three servers share its cores and disk: docs/scaling.md turns the per-shard figures into
# what N shard machines carry.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${GREENLIGHT_BUILD:-$root/build}
out="$build/bench/sharded"
cluster="$root/scripts/lib/pg-cluster"
seconds=${GREENLIGHT_BENCH_SECONDS:-10}
args=()
while [ $# -gt 0 ]; do
  if [ "$1" = --backend ]; then shift 2; else args+=("$1"); shift; fi
done
mkdir -p "$out"
dirs=("$out/coordinator" "$out/shard-1" "$out/shard-2")
trap 'for d in "${dirs[@]}"; do "$cluster" stop "$d"; done' EXIT
urls=()
for d in "${dirs[@]}"; do urls+=("$("$cluster" start "$d")"); done
for url in "${urls[@]}"; do
  psql -X -q "$url" -c "ALTER SYSTEM SET max_wal_size = '8GB'" -c "SELECT pg_reload_conf()" >/dev/null
done
city="$build/native/bench/greenlight_city_bench"
"$city" --dir "$out" --backend postgresql --postgres "${urls[0]}" "${args[@]}" >"$out/single.json"
"$city" --dir "$out" --backend sharded --postgres "${urls[0]}" --shards "${urls[1]},${urls[2]}" "${args[@]}" \
  >"$out/sharded.json"

# Ingest through the server: one database, then a coordinator laid out over both shards.
ingest() { # label db-url
  local data="$out/server-$1" pid
  rm -rf "$data" && mkdir -p "$data"
  "$build/native/bin/greenlight-server" --listen 127.0.0.1:0 --data-dir "$data" --db "$2" \
    --rate-limit-address 1000 >"$data/server.log" 2>&1 &
  pid=$!
  for _ in $(seq 100); do grep -q "listening on" "$data/server.log" && break; sleep 0.1; done
  "$build/native/bench/greenlight_server_load_bench" --seconds "$seconds" --outbox "$data/sms-outbox.jsonl" \
    --url "$(grep -o 'http://[0-9.:]*' "$data/server.log" | head -1)" | head -1
  kill "$pid" && wait "$pid" 2>/dev/null || true
}
base() { echo "${1%/*}/$2"; }
for url in "${urls[@]}"; do psql -X -q "$url" -c "DROP DATABASE IF EXISTS gl_ingest" -c "CREATE DATABASE gl_ingest"; done
psql -X -q "${urls[0]}" -c "DROP DATABASE IF EXISTS gl_ingest_single" -c "CREATE DATABASE gl_ingest_single"
single=$(ingest single "$(base "${urls[0]}" gl_ingest_single)")
"$build/native/bin/greenlight-server" shards init --db "$(base "${urls[0]}" gl_ingest)" \
  --shard "$(base "${urls[1]}" gl_ingest)" --shard "$(base "${urls[2]}" gl_ingest)" --data-dir "$out/server-init" >/dev/null
sharded=$(ingest sharded "$(base "${urls[0]}" gl_ingest)")

node - "$(cat "$out/single.json")" "$(cat "$out/sharded.json")" "$single" "$sharded" <<'JS'
const [one, two, ingestOne, ingestTwo] = process.argv.slice(2).map((s) => JSON.parse(s));
const f = (n, d = 0) => Number(n).toFixed(d).padStart(9);
const row = (label, a, b, d = 1) => console.log('  %s %s %s   sharded/single = %s', label.padEnd(34), f(a, d), f(b, d), (b / a).toFixed(2));
console.log('\nOne PostgreSQL vs a coordinator + 2 shards, all on this machine (%d people, %d check-ins)', one.people, one.checkins);
console.log('  %s %s %s', ''.padEnd(34), 'single'.padStart(9), 'sharded'.padStart(9));
row('ingest via server, records/s', ingestOne.records_per_second, ingestTwo.records_per_second, 0);
row('ingest p50 ms per batch of 100', ingestOne.p50_ms, ingestTwo.p50_ms);
row('ingest p99 ms per batch of 100', ingestOne.p99_ms, ingestTwo.p99_ms);
row('bulk load, rows/s', one.checkin_rows_per_second, two.checkin_rows_per_second, 0);
row('trace depth 1 p50 ms', one.trace_depth1_p50_ms, two.trace_depth1_p50_ms);
row('trace depth 1 p95 ms', one.trace_depth1_p95_ms, two.trace_depth1_p95_ms);
row('trace depth 2 p50 ms', one.trace_depth2_p50_ms, two.trace_depth2_p50_ms);
row('trace depth 2 p95 ms', one.trace_depth2_p95_ms, two.trace_depth2_p95_ms);
row("a person's visits p50 ms", one.person_visits_p50_ms, two.person_visits_p50_ms, 2);
console.log("  %s %s   (shards one after another, async_capable off)", "a person's visits p50 ms, serial".padEnd(34), f(two.person_visits_serial_p50_ms, 2).padStart(19));
row('retention of a day, s', one.retention_day_seconds, two.retention_day_seconds, 3);
console.log('  %s %s %s', 'rows in that day'.padEnd(34), f(one.retention_day_rows), f(two.retention_day_rows));
console.log('  %s %s %s', 'bytes per check-in'.padEnd(34), f(one.bytes_per_checkin), f(two.bytes_per_checkin));
JS
