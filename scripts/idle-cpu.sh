#!/usr/bin/env bash
#
# scripts/idle-cpu.sh - what idle grain activations cost (issue 17, "idle costs nothing"): starts the
# service on its own ports (one silo), creates grain products through the API (wrk, 32 connections)
# until --products are made or --create-for has passed, waits --settle for the last writes, then reads
# the silo's CPU time from /proc/<pid>/stat over --window of no load at all. Prints CPU as a percentage
# of one core, the silo's RSS before and after, and RSS per idle activation.
#
# Usage: scripts/idle-cpu.sh [--products 100000] [--create-for 180s] [--settle 15] [--window 30] [--out FILE]
# Environment: STOCK_API_PORT=5780 STOCK_PG_PORT=56232 STOCK_REDIS_PORT=57279
#   STOCK_SILO_PORT_BASE=13711 STOCK_GATEWAY_PORT_BASE=32711 STOCK_SILO_METRICS_PORT_BASE=21711
# Every product stays active through the window: Orleans collects an idle activation only after its
# collection age (15 min by default), so the count created is the count of idle activations measured.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)
cd "$ROOT"
# shellcheck source=scripts/lib/infra.sh
source "$ROOT/scripts/lib/infra.sh"
# shellcheck source=scripts/lib/service.sh
source "$ROOT/scripts/lib/service.sh"

products=100000 create_for=180s settle=15 window=30 out=$ROOT/.data/idle-cpu.md
while (($#)); do
    case $1 in
        --products) products=$2; shift 2 ;;
        --create-for) create_for=$2; shift 2 ;;
        --settle) settle=$2; shift 2 ;;
        --window) window=$2; shift 2 ;;
        --out) out=$2; shift 2 ;;
        -h | --help) sed -n '2,15p' "$0"; exit 0 ;;
        *) infra_die "unknown argument: $1 (see --help)" ;;
    esac
done

export STOCK_API_PORT=${STOCK_API_PORT:-5780} STOCK_PG_PORT=${STOCK_PG_PORT:-56232} STOCK_REDIS_PORT=${STOCK_REDIS_PORT:-57279}
export STOCK_SILO_PORT_BASE=${STOCK_SILO_PORT_BASE:-13711} STOCK_GATEWAY_PORT_BASE=${STOCK_GATEWAY_PORT_BASE:-32711}
export STOCK_SILO_METRICS_PORT_BASE=${STOCK_SILO_METRICS_PORT_BASE:-21711}
export STOCK_SILOS=1 STOCK_APIS=1
service_start stock-idle-cpu
silo_pid=$(cat "$STOCK_DATA_DIR/run/silo-0.pid")
ticks_per_second=$(getconf CLK_TCK)

# cpu_ticks PID: user + system time of PID so far, in clock ticks (fields 14 and 15 of /proc/PID/stat,
# counted after the parenthesised command name, which may hold spaces).
cpu_ticks() { sed 's/.*) //' "/proc/$1/stat" | awk '{ print $12 + $13 }'; }
rss_kib() { awk '/^VmRSS:/ { print $2 }' "/proc/$1/status"; }
# cpu_percent SECONDS: the silo's CPU over the next SECONDS, as a percentage of one core.
cpu_percent() {
    local before after
    before=$(cpu_ticks "$silo_pid")
    sleep "$1"
    after=$(cpu_ticks "$silo_pid")
    awk -v d=$((after - before)) -v hz="$ticks_per_second" -v s="$1" 'BEGIN { printf "%.2f", 100 * d / hz / s }'
}

infra_log "silo pid $silo_pid; CPU with no activations over ${window}s"
empty_cpu=$(cpu_percent "$window")
empty_rss=$(rss_kib "$silo_pid")

lua=$STOCK_DATA_DIR/create.lua
cat >"$lua" <<LUA
-- Each connection's thread creates products IDLE-<thread>-<n> until its share of --products is made.
local threads = {}
local next_id = 1
function setup(thread)
    thread:set("id", next_id)
    next_id = next_id + 1
    table.insert(threads, thread)
end
function init(args)
    n = 0
    created = 0
    quota = math.ceil($products / 2)
end
function request()
    n = n + 1
    local body = string.format('{"sku":"IDLE-%d-%d","name":"idle","initialStock":10,"engine":"grain"}', id, n)
    return wrk.format("POST", "/api/products", { ["content-type"] = "application/json", ["authorization"] = "Bearer $STOCK_ADMIN_KEY" }, body)
end
function response(status, headers, body)
    if status == 201 then created = created + 1 end
    if created >= quota then wrk.thread:stop() end
end
function done(summary, latency, requests)
    local total = 0
    for _, t in ipairs(threads) do total = total + t:get("created") end
    io.write(string.format("created %d\n", total))
end
LUA
infra_log "creating up to $products grain products for at most $create_for"
started=$(date +%s)
created=$(wrk -t2 -c32 "-d$create_for" -s "$lua" "$url" | awk '/^created / { print $2 }')
create_seconds=$(($(date +%s) - started))
infra_log "created $created products in ${create_seconds}s; settling ${settle}s"
sleep "$settle"

infra_log "CPU with $created idle activations over ${window}s"
idle_cpu=$(cpu_percent "$window")
idle_rss=$(rss_kib "$silo_pid")

mkdir -p "$(dirname "$out")"
{
    printf '| silo, no load | activations | CPU (%% of a core, %ss) | RSS (MiB) |\n|---|---|---|---|\n' "$window"
    printf '| before creating | 0 | %s | %s |\n' "$empty_cpu" "$((empty_rss / 1024))"
    printf '| after creating | %s | %s | %s |\n' "$created" "$idle_cpu" "$((idle_rss / 1024))"
    awk -v c="$created" -v a="$idle_rss" -v b="$empty_rss" -v p="$idle_cpu" -v e="$empty_cpu" 'BEGIN {
        if (c > 0) {
            printf "\nper idle activation: %.0f bytes of RSS; CPU %.4f %% of a core per 1,000 (%.2f %% at 100,000 by extrapolation)\n",
                (a - b) * 1024 / c, (p - e) * 1000 / c, e + (p - e) * 100000 / c
        }
    }'
    printf 'products created at %s/s; %s, %s cores, commit %s\n' "$(awk -v c="$created" -v s="$create_seconds" 'BEGIN { printf "%.0f", c / (s > 0 ? s : 1) }')" \
        "$(date -u +%Y-%m-%dT%H:%MZ)" "$(nproc)" "$(git rev-parse --short HEAD 2>/dev/null || echo unknown)"
} | tee "$out"
