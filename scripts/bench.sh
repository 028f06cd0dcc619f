#!/usr/bin/env bash
#
# scripts/bench.sh - the benchmark of issue 5: starts the service on its own ports and data folder,
# runs every scenario of the guide and of the issue against every engine, audits every run and
# writes the results with a report (report.md, latency.svg) that puts the guide's tables beside ours.
#
#   scripts/bench.sh [--quick] [--out DIR] [--scenarios LIST]
#
#   --quick           every scenario tiny (seconds each, low rates, small prefill): 1-3 minutes, for CI
#   --out DIR         where the JSON results, run.json, host-readings.tsv and the report go
#                     (default bench/results, the committed full run; with --quick .data/bench-quick,
#                     so a quick run never replaces it; logs of each run in DIR/logs)
#   --scenarios LIST  comma-separated subset of tps,conflict,flash,at1000,findmax,cart,outbox,backlog,tracing,failover
#                     (default all, in that order)
#
# outbox (issue 16) restarts the service: the grain engine with Stock:Grain:WriteEvents off and on in
# turn (off, on, off, on, ...: rounds alternate on the noisy machine), each time on one hot SKU and spread
# over many (where every reservation is an append of its own), closed model, so the ratio of on to off
# is the outbox's cost in throughput. Then, with it on, the delivery lag at 1,000 reservations/s (and
# at 20/s, its floor) on grain, and on redis when served:
# a webhook receiver inside the load generator (127.0.0.1:STOCK_WEBHOOK_PORT) gets every
# reservation.created; lag = receipt - occurredAt, audited against the acknowledged reservations.
# Stock:Events:StampInterval and Stock:Webhooks:PollInterval are set to their defaults explicitly and
# recorded with the figures, since they bound the lag from below.
#
# Environment (defaults): STOCK_API_PORT=5580 STOCK_PG_PORT=56032 STOCK_REDIS_PORT=57079
#   STOCK_SILO_PORT_BASE=11711 STOCK_GATEWAY_PORT_BASE=30711 STOCK_SILO_METRICS_PORT_BASE=19711
#   STOCK_WEBHOOK_PORT (default STOCK_API_PORT + 90: the outbox scenario's webhook receiver)
#   STOCK_TRACING_SINK_PORT (default STOCK_SILO_METRICS_PORT_BASE + 90: a port nobody listens on, where the
#   tracing scenario sends its spans)
#   STOCK_DATA_DIR (default: a new temporary folder, removed at the end; one given is created if
#   missing, and kept)
# The service's keys: scripts/run.sh makes $STOCK_DATA_DIR/keys.env on its first start there; the load
# generator and this script's own requests send its STOCK_ADMIN_KEY (products are created).
#
# Exit status: 0 every run passed its audit; 3 an audit failed (the other scenarios still ran);
# 1 something could not run (the service did not start, a run could not start).
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)
cd "$ROOT"
# For infra_log/infra_die, infra_dotnet (no build servers left behind) and infra_pid_alive.
# shellcheck source=scripts/lib/infra.sh
source "$ROOT/scripts/lib/infra.sh"

# The header above, from its third line to the first line that is no comment.
usage() { awk 'NR >= 3 { if (!/^#/) exit; sub(/^# ?/, ""); print }' "${BASH_SOURCE[0]}"; }

command_line="scripts/bench.sh${*:+ $*}"
quick=0
out=""
all_scenarios=(tps conflict flash at1000 findmax cart outbox backlog tracing failover)
scenarios=("${all_scenarios[@]}")
while (($# > 0)); do
    case $1 in
    --quick) quick=1 ;;
    --scenarios)
        (($# >= 2)) || infra_die "--scenarios needs a list, e.g. cart or tps,flash"
        IFS=, read -r -a scenarios <<<"$2"
        for name in "${scenarios[@]}"; do
            [[ " ${all_scenarios[*]} " == *" $name "* ]] || infra_die "unknown scenario '$name' (known: ${all_scenarios[*]})"
        done
        shift
        ;;
    --out)
        (($# >= 2)) || infra_die "--out needs a folder"
        out=$2
        shift
        ;;
    -h | --help)
        usage
        exit 0
        ;;
    *) infra_die "unknown argument '$1' (try --help)" ;;
    esac
    shift
done
# The results folder is emptied of this script's files before the runs: a quick run must not take
# the committed full run in bench/results with it unless asked to (--out bench/results).
quick_default_out=0
if [[ -z $out ]]; then
    if ((quick)); then
        out=.data/bench-quick
        quick_default_out=1
    else
        out=bench/results
    fi
fi

export STOCK_API_PORT=${STOCK_API_PORT:-5580}
export STOCK_PG_PORT=${STOCK_PG_PORT:-56032}
export STOCK_REDIS_PORT=${STOCK_REDIS_PORT:-57079}
export STOCK_SILO_PORT_BASE=${STOCK_SILO_PORT_BASE:-11711}
export STOCK_GATEWAY_PORT_BASE=${STOCK_GATEWAY_PORT_BASE:-30711}
export STOCK_SILO_METRICS_PORT_BASE=${STOCK_SILO_METRICS_PORT_BASE:-19711}
webhook_port=${STOCK_WEBHOOK_PORT:-$((STOCK_API_PORT + 90))}
own_data_dir=0
if [[ -z ${STOCK_DATA_DIR:-} ]]; then
    STOCK_DATA_DIR=$(mktemp -d "${TMPDIR:-/tmp}/stock-bench.XXXXXX")
    own_data_dir=1
else
    # run.sh would create it (private), but bench.sh opens its log of run.sh in it first.
    (umask 077 && mkdir -p "$STOCK_DATA_DIR")
fi
export STOCK_DATA_DIR
url=http://127.0.0.1:$STOCK_API_PORT

# ---------------------------------------------------------------------------------------------
# Scenario sizes. Full mode follows the issue; quick mode keeps every scenario but makes it tiny.

# Full mode fits in about 15 minutes on a busy 2-core machine: an overloaded sql run at 1000 TPS takes
# its duration plus up to the 30 s request timeout to drain, and each backlog step prefills 100,000.
if ((quick)); then
    mode=quick
    tps_duration=1s tps_warmup=0.5s
    tps_grain_extra=(2000)
    conflict_duration=1s conflict_warmup=0.5s
    flash_rate=1000 flash_duration=2s flash_stock=300
    findmax_duration=1s findmax_warmup=1s findmax_step=2 findmax_max_rate=6400
    backlog_prefill=2000
    at1000_duration=3s at1000_warmup=1s
    failover_rate=100 failover_duration=8s failover_at=3s
    cart_rate=20 cart_duration=2s cart_warmup=0.5s cart_skus=10 cart_stock=30
    outbox_rounds=1 outbox_duration=1s outbox_warmup=1s outbox_skus=100
    outbox_lag_rate=200 outbox_lag_duration=2s outbox_lag_wait=60s
    tracing_rate=500 tracing_duration=2s tracing_warmup=1s tracing_order=(1)
else
    mode=full
    tps_duration=10s tps_warmup=2s
    tps_grain_extra=(2000 5000)
    conflict_duration=8s conflict_warmup=2s
    flash_rate=2000 flash_duration=5s flash_stock=1000
    findmax_duration=4s findmax_warmup=1s findmax_step=1.5 findmax_max_rate=100000
    backlog_prefill=100000
    at1000_duration=15s at1000_warmup=15s
    failover_rate=300 failover_duration=40s failover_at=15s
    cart_rate=100 cart_duration=15s cart_warmup=2s cart_skus=20 cart_stock=1000
    outbox_rounds=2 outbox_duration=6s outbox_warmup=2s outbox_skus=1000
    outbox_lag_rate=1000 outbox_lag_duration=5s outbox_lag_wait=180s
    tracing_rate=3000 tracing_duration=10s tracing_warmup=5s tracing_order=(off 0.01 1 1 0.01 off)
fi
# Carts (issue 9): 2-5 distinct SKUs, 1-2 units a line; SKU 0 takes 30 % of the draws, so it is in
# about 70 % of the carts and runs out part-way (the stock above), after which carts holding it are refused.
cart_lines=2-5
cart_hot_share=0.3
tps_rates=(100 500 1000)
# The guide's conflict levels (percent) and the number of SKUs that gave sql/optimistic about that
# conflict rate at conflict_rate reservations/s spread uniformly: calibrated by experiment on this
# repository's 2-core machine (2026-11-25, 8 s runs while other work kept the load average at 12-30):
# 6 SKUs -> 35-67 %, 8 -> 17-66 %, 10-16 -> 12-16 %, 20 -> 5-20 %, 24 -> 8-9 %, 32 -> 3-6.5 %,
# 48 -> 3.4 %, 100 -> 0.5-1 %. Below ~10 SKUs the sql engine falls behind 300/s on this machine and
# queueing feeds the conflicts, so the rate there swings most. A quieter or faster machine conflicts
# less at the same count; the report shows the rate measured in each run beside the level.
conflict_rate=300
conflict_levels=(1 5 10 20)
conflict_skus=(100 32 24 9)
findmax_bound_ms=50
# The outbox's cost: closed-model users (enough to saturate the engine, so throughput is its capacity);
# the delivery lag spread over outbox_lag_skus products, at outbox_lag_rate and at outbox_floor_rate
# (low enough for the dispatcher to keep up, so the lag there is its floor: stamping, polling, the POST).
# One webhook's events go out one at a time (a POST and a cursor write each), so at 1,000/s a backlog
# builds and drains after the load: the full run keeps that load short (5 s) to keep the wait bounded.
# The two intervals that bound the lag, given to the service explicitly (their defaults) and recorded.
outbox_users=64
outbox_lag_skus=100
outbox_floor_rate=20
outbox_stamp_interval_ms=100
outbox_poll_interval_ms=250
# Reservations left pending (abandoned) outlive the whole benchmark: with the API's default 15 minutes,
# the first scenarios' hundreds of thousands would expire in the middle of the later ones, and their
# release (a burst of ledger writes) would be measured as part of whatever ran then.
reservation_ttl=86400

# ---------------------------------------------------------------------------------------------
# Results folder

mkdir -p "$out/logs"
out=$(cd "$out" && pwd -P)
if ((quick_default_out)); then
    infra_log "quick mode: results in $out (bench/results keeps the committed full run; --out DIR to choose)"
fi
# Only what this script writes: a rerun must not mix old results into the new report.
rm -f "$out"/*__*__*.json "$out"/run.json "$out"/host-readings.tsv "$out"/report.md "$out"/latency.svg "$out"/logs/*.log
printf 'file\tstarted_at\tload1\tload5\tload15\tsilo_rss_before_kb\tsilo_rss_after_kb\n' >"$out/host-readings.tsv"
started_at=$(date -u +%Y-%m-%dT%H:%M:%SZ)

# ---------------------------------------------------------------------------------------------
# The service, in the background; stopped (SIGTERM to run.sh, which stops what it started) on exit.

run_pid=""
run_log=$STOCK_DATA_DIR/bench-run.sh.log
keys_file=$STOCK_DATA_DIR/keys.env
silo_pids=()

# start_service [VAR=VALUE...]: scripts/run.sh in the background with these extra settings, then
# waits for readiness, reads the silo pids from its log and the admin key from the data folder's
# keys.env (exported as STOCK_API_KEY: the load generator's --api-key). stop_service: SIGTERM, and
# waits (nothing when no service was started: the trap below runs it also when the script dies
# before the start).
start_service() {
    infra_log "starting the service: ${*:+$* }scripts/run.sh on $url (data $STOCK_DATA_DIR, log $run_log)"
    (umask 077 && : >>"$run_log")
    env "$@" scripts/run.sh >"$run_log" 2>&1 &
    run_pid=$!
    # run.sh builds the solution first, then waits up to STOCK_START_TIMEOUT for readiness itself.
    until curl -fsS -o /dev/null --max-time 5 "$url/health/ready" 2>/dev/null; do
        if ! infra_pid_alive "$run_pid"; then
            tail -n 40 "$run_log" >&2 || true
            infra_die "scripts/run.sh exited before the service was ready (log above)"
        fi
        sleep 2
    done
    mapfile -t silo_pids < <(sed -n 's/.*started silo-[0-9]* (pid \([0-9]*\).*/\1/p' "$run_log")
    [[ -f $keys_file ]] || infra_die "scripts/run.sh did not make $keys_file"
    STOCK_API_KEY=$(infra_api_key "$keys_file" STOCK_ADMIN_KEY)
    export STOCK_API_KEY
    infra_log "service ready; silo pid(s): ${silo_pids[*]:-unknown}; admin key from $keys_file"
}
stop_service() {
    if [[ -n $run_pid ]] && infra_pid_alive "$run_pid"; then
        infra_log "stopping the service (run.sh pid $run_pid)"
        kill -TERM "$run_pid" 2>/dev/null || true
        wait "$run_pid" 2>/dev/null || true
    fi
    run_pid=""
}

# shellcheck disable=SC2317 # invoked by the trap below
cleanup() {
    local status=$?
    trap '' INT TERM
    stop_service
    if ((own_data_dir)); then rm -rf "$STOCK_DATA_DIR"; fi
    exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# The load generator first: a compile error should fail fast, before the service build and start.
bench_dll=$ROOT/bench/Orleans.Stock.Bench/bin/Release/net10.0/Orleans.Stock.Bench.dll
infra_log "dotnet build bench/Orleans.Stock.Bench -c Release"
infra_dotnet build "$ROOT/bench/Orleans.Stock.Bench" -c Release -nologo -v quiet || infra_die "building the load generator failed"
[[ -f $bench_dll ]] || infra_die "build output $bench_dll is missing"

# Otherwise the readiness poll below could find someone else's service and measure that.
if infra_port_in_use "$STOCK_API_PORT"; then
    infra_die "port $STOCK_API_PORT is already in use; pick another one with STOCK_API_PORT=..."
fi
start_service

# Resident memory of all silos in kB, or "-" when no silo pid is known.
silo_rss_kb() {
    local pid kb total=0 seen=0
    for pid in "${silo_pids[@]}"; do
        kb=$(awk '/^VmRSS:/ {print $2}' "/proc/$pid/status" 2>/dev/null || true)
        if [[ -n $kb ]]; then
            total=$((total + kb))
            seen=1
        fi
    done
    if ((seen)); then echo "$total"; else echo -; fi
}

# ---------------------------------------------------------------------------------------------
# Targets: grain and both sql strategies always; redis when the API accepts it (being built).

target_args=()
target_name=""
set_target() {
    target_name=$1
    case $1 in
    grain) target_args=(--engine grain) ;;
    sql-pessimistic) target_args=(--engine sql --strategy pessimistic) ;;
    sql-optimistic) target_args=(--engine sql --strategy optimistic) ;;
    redis) target_args=(--engine redis) ;;
    mixed) target_args=(--engine mixed) ;;
    *) infra_die "unknown target $1" ;;
    esac
}

targets=(grain sql-pessimistic sql-optimistic)
# The key's header from a file descriptor, so that it is not on curl's command line.
probe_status=$(curl -s -o /dev/null -w '%{http_code}' -X POST "$url/api/products" -H 'content-type: application/json' \
    -H @<(printf 'Authorization: Bearer %s\n' "$STOCK_API_KEY") \
    -d "{\"sku\":\"bench-probe-redis-$RANDOM$RANDOM\",\"name\":\"engine probe\",\"initialStock\":0,\"engine\":\"redis\"}" || true)
if [[ $probe_status == 201 ]]; then
    targets+=(redis)
    infra_log "engine redis is served: benchmarking it too"
else
    infra_log "engine redis is not served (probe answered $probe_status): skipping it"
fi

# ---------------------------------------------------------------------------------------------
# One bench invocation: bench SCENARIO PARAM ARGS... with the target of the last set_target. The
# load generator writes the scenario into the result (--scenario, --scenario-param; it takes the
# target from --engine/--strategy), which is what the report reads; the file is named
# <scenario>__<target>__<param>.json for people. Records the load average and silo memory around it.

audit_failures=()
run_failures=()
bench() {
    local scenario=$1 param=$2 name log rc rss_before load started
    shift 2
    name=${scenario}__${target_name}__${param}
    log=$out/logs/$name.log
    read -r -a load </proc/loadavg
    started=$(date -u +%Y-%m-%dT%H:%M:%SZ)
    rss_before=$(silo_rss_kb)
    infra_log "$name (load average ${load[0]})"
    set +e
    # Each silo's /metrics too, for the group-commit batch sizes (a killed silo's scrape just fails).
    local silo_metrics=() i
    for i in "${!silo_pids[@]}"; do
        silo_metrics+=(--silo-metrics "http://127.0.0.1:$((STOCK_SILO_METRICS_PORT_BASE + i))/metrics")
    done
    dotnet "$bench_dll" "$@" --scenario "$scenario" --scenario-param "$param" --ttl "$reservation_ttl" --url "$url" "${silo_metrics[@]}" --json "$out/$name.json" >"$log" 2>&1
    rc=$?
    set -e
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$name.json" "$started" "${load[0]}" "${load[1]}" "${load[2]}" \
        "$rss_before" "$(silo_rss_kb)" >>"$out/host-readings.tsv"
    # The verdict lines of the tool's own report; the whole of it is in the log.
    grep -E '^(audit |highest rate that held|failover: |group commit: |delivery: )|│ reserve  ' "$log" | sed 's/^/    /' || true
    case $rc in
    0) ;;
    3)
        infra_warn "$name: AUDIT FAILED (log $log)"
        audit_failures+=("$name")
        ;;
    *)
        tail -n 15 "$log" >&2 || true
        infra_warn "$name: the load generator exited with $rc (log $log)"
        run_failures+=("$name")
        ;;
    esac
}

# ---------------------------------------------------------------------------------------------
# Scenarios

# The guide's first table: one hot SKU at 100 / 500 / 1000 TPS, and grain beyond to show headroom.
scenario_tps() {
    local target rate rates
    for target in "${targets[@]}"; do
        set_target "$target"
        rates=("${tps_rates[@]}")
        if [[ $target == grain ]]; then rates+=("${tps_grain_extra[@]}"); fi
        for rate in "${rates[@]}"; do
            bench tps "$rate" run "${target_args[@]}" --skus 1 --initial-stock 100000000 \
                --rate "$rate" --duration "$tps_duration" --warmup "$tps_warmup"
        done
    done
}

# The guide's second table: the same load over fewer or more SKUs, for every target.
scenario_conflict() {
    local target i
    for i in "${!conflict_levels[@]}"; do
        for target in "${targets[@]}"; do
            set_target "$target"
            bench conflict "${conflict_levels[$i]}" run "${target_args[@]}" --skus "${conflict_skus[$i]}" \
                --rate "$conflict_rate" --duration "$conflict_duration" --warmup "$conflict_warmup"
        done
    done
}

# A flash sale: little stock, far more buyers; it must sell out exactly.
scenario_flash() {
    local target
    for target in "${targets[@]}"; do
        set_target "$target"
        bench flash "$flash_rate" run "${target_args[@]}" --skus 1 --initial-stock "$flash_stock" \
            --quantity 1-3 --rate "$flash_rate" --duration "$flash_duration"
    done
}

# The highest rate each target holds on one hot SKU within the p99 bound.
scenario_findmax() {
    local target
    for target in "${targets[@]}"; do
        set_target "$target"
        bench findmax "p99-$findmax_bound_ms" find-max "${target_args[@]}" --skus 1 --initial-stock 100000000 \
            --start-rate 100 --step "$findmax_step" --max-rate "$findmax_max_rate" --p99-bound-ms "$findmax_bound_ms" \
            --duration "$findmax_duration" --warmup "$findmax_warmup"
    done
}

# Deep backlog (grain): memory for the prefill alone, then the same find-max ladder on an empty SKU
# and on a prefilled one. The ladder starts three steps of 1.25 (about half) below what grain held in
# findmax, so that the costly prefills (one per step) are spent near the limit while a first step
# that misses on a pause of the shared machine still leaves room to climb; 1.25 is the ratio's resolution.
scenario_backlog() {
    local held start
    set_target grain
    bench backlog memory run "${target_args[@]}" --skus 1 --prefill "$backlog_prefill" --rate 1 --duration 1s
    held=$(sed -n 's/^  "highestHeldRate": \([0-9.]*\).*/\1/p' "$out/findmax__grain__p99-$findmax_bound_ms.json" 2>/dev/null || true)
    start=$(awk -v held="${held:-0}" 'BEGIN { s = held / 1.25 ^ 3; if (s < 100) s = 100; printf "%d", s }')
    bench backlog empty find-max "${target_args[@]}" --skus 1 \
        --start-rate "$start" --step 1.25 --p99-bound-ms "$findmax_bound_ms" --duration "$findmax_duration" --warmup "$findmax_warmup"
    bench backlog prefill find-max "${target_args[@]}" --skus 1 --prefill "$backlog_prefill" \
        --start-rate "$start" --step 1.25 --p99-bound-ms "$findmax_bound_ms" --duration "$findmax_duration" --warmup "$findmax_warmup"
}

# The issue's latency bar: grain at 1000 TPS on one hot SKU.
scenario_at1000() {
    set_target grain
    bench at1000 1000 run "${target_args[@]}" --skus 1 --initial-stock 100000000 \
        --rate 1000 --duration "$at1000_duration" --warmup "$at1000_warmup"
}

# The long form of the failover test (issue 6): the cluster of `STOCK_SILOS=3 STOCK_APIS=2
# scripts/run.sh`, load spread over the gateway (STOCK_API_PORT, in front of both APIs) and the second
# API directly (STOCK_API_PORT + 2) on 12 SKUs (so that every silo hosts some), and one
# silo killed -9 mid-run; then another stopped with SIGTERM (drained). The tool runs the kill itself
# and splits the load before, during and after it; the audit proves nothing acknowledged was lost.
scenario_failover() {
    local second_api=http://127.0.0.1:$((STOCK_API_PORT + 2))
    stop_service
    start_service STOCK_SILOS=3 STOCK_APIS=2
    if ((${#silo_pids[@]} < 3)); then
        infra_warn "failover: expected 3 silo pids in $run_log, found ${#silo_pids[@]}; skipping it"
        run_failures+=(failover)
        return
    fi
    set_target grain
    bench failover kill9 run "${target_args[@]}" --skus 12 --initial-stock 100000000 --confirm 0.3 --cancel 0.1 \
        --rate "$failover_rate" --duration "$failover_duration" --warmup 2s --idempotency-keys \
        --spread-url "$second_api" --fault-after "$failover_at" --fault-command "kill -9 ${silo_pids[0]}"
    bench failover sigterm run "${target_args[@]}" --skus 12 --initial-stock 100000000 --confirm 0.3 --cancel 0.1 \
        --rate "$failover_rate" --duration "$failover_duration" --warmup 2s --idempotency-keys \
        --spread-url "$second_api" --fault-after "$failover_at" --fault-command "kill -TERM ${silo_pids[1]}"
}

# Tracing's cost on the hot path (issue 15): the grain engine's one hot SKU at the same rate with the
# service restarted with tracing off, sampling 1 % and sampling 100 %, in the order off, 1 %, 100 %,
# 100 %, 1 %, off so that a drift of the machine's load weighs on each alike (--quick: one restart,
# sampling everything, which proves the traced service serves and passes the audit). After each restart a
# short run warms the processes up (its result is kept, named <ratio>-warmup). The spans go by OTLP to
# a port nobody listens on: each batch is serialised and sent, then refused, which is the processes'
# whole cost of a span short of a collector's answer. Besides the load generator's latency, the CPU
# time the API and the silo used per 1,000 reservations (from /proc), which other work on the machine
# colours far less than latency.
scenario_tracing() {
    local ratio settings round=0 before sink=${STOCK_TRACING_SINK_PORT:-$((STOCK_SILO_METRICS_PORT_BASE + 90))}
    if infra_port_in_use "$sink"; then
        infra_warn "tracing: port $sink is in use, so spans would reach whoever listens there; skipping it"
        run_failures+=(tracing)
        return
    fi
    for ratio in "${tracing_order[@]}"; do
        round=$((round + 1))
        if [[ $ratio == off ]]; then
            settings=(Stock__Tracing__Enabled=false)
        else
            settings=(Stock__Tracing__Enabled=true Stock__Tracing__SampleRatio=$ratio
                OTEL_EXPORTER_OTLP_ENDPOINT=http://127.0.0.1:$sink OTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf)
        fi
        stop_service
        start_service "${settings[@]}"
        set_target grain
        bench tracing "$ratio-warmup$round" run "${target_args[@]}" --skus 1 --initial-stock 100000000 \
            --rate "$tracing_rate" --duration "$tracing_warmup" --warmup 0s
        before=$(service_cpu_ms)
        bench tracing "$ratio-$tracing_rate-$round" run "${target_args[@]}" --skus 1 --initial-stock 100000000 \
            --rate "$tracing_rate" --duration "$tracing_duration" --warmup 1s
        infra_log "tracing $ratio (round $round): API and silo CPU $(($(service_cpu_ms) - before)) ms for the run's reservations"
    done
    # Left running traced: only the failover follows, and it restarts the service itself.
}

# CPU time (user + system, ms) of the silos and of the API listening on STOCK_API_PORT.
service_cpu_ms() {
    local pid total=0 stat
    local pids=("${silo_pids[@]}")
    mapfile -t -O "${#pids[@]}" pids < <(ss -ltnpH "sport = :$STOCK_API_PORT" | sed -n 's/.*pid=\([0-9]*\).*/\1/p' | sort -u)
    for pid in "${pids[@]}"; do
        read -r -a stat <"/proc/$pid/stat" || continue
        total=$((total + stat[13] + stat[14]))
    done
    echo $((total * 1000 / $(getconf CLK_TCK)))
}

# Carts over every target, and over all three engines at once when redis is served.
scenario_cart() {
    local target cart_targets=("${targets[@]}")
    if [[ " ${targets[*]} " == *" redis "* ]]; then cart_targets+=(mixed); fi
    for target in "${cart_targets[@]}"; do
        set_target "$target"
        bench cart "$cart_lines" run "${target_args[@]}" --cart-lines "$cart_lines" --skus "$cart_skus" \
            --hot-share "$cart_hot_share" --quantity 1-2 --initial-stock "$cart_stock" --confirm 0.5 --cancel 0.2 \
            --idempotency-keys --rate "$cart_rate" --duration "$cart_duration" --warmup "$cart_warmup"
    done
}

# The outbox's cost (issue 16): WriteEvents off and on, alternated round by round, each on a service of
# its own (restarted with the setting, as the failover does with the cluster); one hot SKU (group commit
# shares an append among a batch) and outbox_skus SKUs (an append per reservation, the outbox's largest
# share). Then, with the outbox on, the delivery lag at outbox_lag_rate through a webhook, per target.
scenario_outbox() {
    local round setting target lag_targets=(grain)
    local intervals=("Stock__Events__StampInterval=00:00:00.$(printf '%03d' "$outbox_stamp_interval_ms")"
        "Stock__Webhooks__PollInterval=00:00:00.$(printf '%03d' "$outbox_poll_interval_ms")")
    set_target grain
    for ((round = 1; round <= outbox_rounds; round++)); do
        for setting in off on; do
            stop_service
            start_service "Stock__Grain__WriteEvents=$([[ $setting == on ]] && echo true || echo false)" "${intervals[@]}"
            bench outbox "hot-$setting-$round" run "${target_args[@]}" --skus 1 --initial-stock 100000000 \
                --users "$outbox_users" --duration "$outbox_duration" --warmup "$outbox_warmup"
            bench outbox "spread-$setting-$round" run "${target_args[@]}" --skus "$outbox_skus" --initial-stock 100000000 \
                --users "$outbox_users" --duration "$outbox_duration" --warmup "$outbox_warmup"
        done
    done
    # The service is left as the last round started it: the outbox on, every setting its default.
    if [[ " ${targets[*]} " == *" redis "* ]]; then lag_targets+=(redis); fi
    for target in "${lag_targets[@]}"; do
        set_target "$target"
        outbox_lag "$outbox_lag_rate" "$outbox_lag_duration"
    done
    set_target grain
    outbox_lag "$outbox_floor_rate" "$outbox_lag_duration"
}
# outbox_lag RATE DURATION: one delivery-lag run of the current target (param lag-RATE).
outbox_lag() {
    bench outbox "lag-$1" run "${target_args[@]}" --skus "$outbox_lag_skus" --initial-stock 100000000 \
        --rate "$1" --duration "$2" --webhook-port "$webhook_port" --delivery-wait "$outbox_lag_wait" \
        --stamp-interval "${outbox_stamp_interval_ms}ms" --poll-interval "${outbox_poll_interval_ms}ms"
}

infra_log "benchmark ($mode mode), targets: ${targets[*]}, scenarios: ${scenarios[*]}; results in $out"
# The backlog after the others: it leaves the most pending reservations in the silo, which could
# colour what follows; the outbox before it (it restarts the service, and leaves it with the defaults);
# the tracing after it (restarts too); the failover last, since it restarts the service as a cluster.
for scenario in tps conflict flash at1000 findmax cart outbox backlog tracing failover; do
    if [[ " ${scenarios[*]} " == *" $scenario "* ]]; then "scenario_$scenario"; fi
done

# ---------------------------------------------------------------------------------------------
# run.json (how, when, where, from what) and the report

json_string() {
    local text=$1
    text=${text//\\/\\\\}
    text=${text//\"/\\\"}
    printf '"%s"' "$text"
}
json_targets=$(printf '"%s",' "${targets[@]}")
{
    printf '{\n'
    printf '  "command": %s,\n' "$(json_string "$command_line")"
    printf '  "mode": "%s",\n' "$mode"
    printf '  "startedAt": "%s",\n' "$started_at"
    printf '  "finishedAt": "%s",\n' "$(date -u +%Y-%m-%dT%H:%M:%SZ)"
    printf '  "gitCommit": %s,\n' "$(json_string "$(git rev-parse --short=12 HEAD 2>/dev/null || echo unknown)")"
    printf '  "gitChangedFiles": %s,\n' "$(git status --porcelain 2>/dev/null | wc -l)"
    printf '  "nproc": %s,\n' "$(nproc)"
    printf '  "memTotalKb": %s,\n' "$(awk '/^MemTotal:/ {print $2}' /proc/meminfo)"
    printf '  "cpuModel": %s,\n' "$(json_string "$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)")"
    printf '  "kernel": %s,\n' "$(json_string "$(uname -r)")"
    printf '  "dotnet": %s,\n' "$(json_string "$(dotnet --version)")"
    printf '  "postgres": %s,\n' "$(json_string "$("$(infra_find_pg_bin)/postgres" --version 2>/dev/null || echo unknown)")"
    printf '  "targets": [%s]\n' "${json_targets%,}"
    printf '}\n'
} >"$out/run.json"

infra_log "writing the report"
dotnet "$bench_dll" report --in "$out" --out "$out" || run_failures+=(report)

if ((${#audit_failures[@]} > 0)); then
    infra_warn "audit FAILED in: ${audit_failures[*]}"
fi
if ((${#run_failures[@]} > 0)); then
    infra_warn "could not run: ${run_failures[*]}"
fi
infra_log "results: $out/report.md, $out/latency.svg, $out/*.json"
if ((${#audit_failures[@]} > 0)); then exit 3; fi
if ((${#run_failures[@]} > 0)); then exit 1; fi
