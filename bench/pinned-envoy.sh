#!/usr/bin/env bash
# Envoy for the benchmark: pinned to BENCH_ENVOY_CPUS, its pid written to BENCH_ENVOY_PIDFILE (exec keeps the
# pid), so bench/run.ts can read its CPU time from /proc. The e2e harness starts it through ENVOY_BIN.
set -euo pipefail
echo $$ > "$BENCH_ENVOY_PIDFILE"
exec taskset -c "$BENCH_ENVOY_CPUS" "$BENCH_REAL_ENVOY" "$@"
