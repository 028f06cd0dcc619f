#!/usr/bin/env bash
#
# scripts/auth-cost.sh - what authentication and the per-key rate limit cost on the hot path,
# measured side by side in one run against one service (wrk, 64 connections, rounds alternating):
#   health-anonymous   GET /health/live, no key            (no authentication work)
#   health-with-key    GET /health/live, a client key      (the key checked, nothing else differs)
#   product-admin      GET /api/products/{sku}, admin key  (no rate limiter: admin keys have none)
#   product-client     GET /api/products/{sku}, client key (the same, through its token bucket)
# Ratios: health-with-key / health-anonymous is authentication's share, product-client /
# product-admin the rate limiter's. Writes a markdown table to stdout and to --out (default
# .data/auth-cost.md).
#
# Usage: scripts/auth-cost.sh [--rounds N] [--duration 10s] [--out FILE]
# Environment: STOCK_API_PORT=5980 STOCK_PG_PORT=56332 STOCK_REDIS_PORT=57379
#   STOCK_SILO_PORT_BASE=11911 STOCK_GATEWAY_PORT_BASE=30911 STOCK_SILO_METRICS_PORT_BASE=19911
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)
cd "$ROOT"
# shellcheck source=scripts/lib/infra.sh
source "$ROOT/scripts/lib/infra.sh"
# shellcheck source=scripts/lib/service.sh
source "$ROOT/scripts/lib/service.sh"

rounds=3 duration=10s out=$ROOT/.data/auth-cost.md
while (($#)); do
    case $1 in
        --rounds) rounds=$2; shift 2 ;;
        --duration) duration=$2; shift 2 ;;
        --out) out=$2; shift 2 ;;
        -h | --help) sed -n '2,16p' "$0"; exit 0 ;;
        *) infra_die "unknown argument: $1 (see --help)" ;;
    esac
done

export STOCK_API_PORT=${STOCK_API_PORT:-5980} STOCK_PG_PORT=${STOCK_PG_PORT:-56332} STOCK_REDIS_PORT=${STOCK_REDIS_PORT:-57379}
export STOCK_SILO_PORT_BASE=${STOCK_SILO_PORT_BASE:-11911} STOCK_GATEWAY_PORT_BASE=${STOCK_GATEWAY_PORT_BASE:-30911}
export STOCK_SILO_METRICS_PORT_BASE=${STOCK_SILO_METRICS_PORT_BASE:-19911}
service_start stock-auth-cost
admin=$STOCK_ADMIN_KEY
sku=AUTH-COST-1
curl -fsS -o /dev/null -XPOST "$url/api/products" -H "authorization: Bearer $admin" -H 'content-type: application/json' \
    -d "{\"sku\":\"$sku\",\"name\":\"auth cost\",\"initialStock\":1000,\"engine\":\"sql\"}"
# A client key whose bucket never runs dry: every request pays for the limiter, none is refused.
client=$(curl -fsS -XPOST "$url/api/keys" -H "authorization: Bearer $admin" -H 'content-type: application/json' \
    -d '{"name":"auth-cost","scope":"client","requestsPerSecond":1000000}' | sed -n 's/.*"secret":"\([^"]*\)".*/\1/p')
[[ -n $client ]] || infra_die "could not create the client key"

variants=(health-anonymous health-with-key product-admin product-client)
declare -A total=()
# rate VARIANT: requests per second of one wrk run.
rate() {
    local path=/health/live key=""
    case $1 in
        health-with-key) key=$client ;;
        product-admin) path=/api/products/$sku key=$admin ;;
        product-client) path=/api/products/$sku key=$client ;;
    esac
    local args=(-t2 -c64 "-d$duration" --latency)
    [[ -z $key ]] || args+=(-H "authorization: Bearer $key")
    wrk "${args[@]}" "$url$path" | awk '/Requests\/sec/ { print $2 }'
}

infra_log "warm-up"
for v in "${variants[@]}"; do wrk -t2 -c64 -d3s -H "authorization: Bearer $admin" "$url/health/live" >/dev/null; done
for ((r = 1; r <= rounds; r++)); do
    for v in "${variants[@]}"; do
        value=$(rate "$v")
        infra_log "round $r $v: $value requests/s"
        total[$v]=$(awk -v a="${total[$v]:-0}" -v b="$value" 'BEGIN { print a + b }')
    done
done

mean() { awk -v t="${total[$1]}" -v n="$rounds" 'BEGIN { printf "%.0f", t / n }'; }
ratio() { awk -v a="$(mean "$1")" -v b="$(mean "$2")" 'BEGIN { printf "%.3f", a / b }'; }
# extra_us A B: wall time per request that A spends beyond B at saturation, in microseconds.
extra_us() { awk -v a="$(mean "$1")" -v b="$(mean "$2")" 'BEGIN { printf "%.1f", 1e6 / a - 1e6 / b }'; }
mkdir -p "$(dirname "$out")"
{
    printf '| variant | requests/s (mean of %s x %s) |\n|---|---|\n' "$rounds" "$duration"
    for v in "${variants[@]}"; do printf '| %s | %s |\n' "$v" "$(mean "$v")"; done
    printf '\nauthentication: health-with-key / health-anonymous = %s (%s us more per request)\n' \
        "$(ratio health-with-key health-anonymous)" "$(extra_us health-with-key health-anonymous)"
    printf 'rate limiter: product-client / product-admin = %s (%s us more per request)\n' \
        "$(ratio product-client product-admin)" "$(extra_us product-client product-admin)"
    printf '\n%s, %s, commit %s\n' "$(date -u +%Y-%m-%dT%H:%MZ)" "$(nproc) cores" "$(git rev-parse --short HEAD 2>/dev/null || echo unknown)"
} | tee "$out"
