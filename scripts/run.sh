#!/usr/bin/env bash
#
# scripts/run.sh - runs Orleans.Stock on this machine: a private PostgreSQL and Redis, the schemas
# of scripts/sql, STOCK_SILOS silos and STOCK_APIS APIs. Ctrl-C (or SIGTERM) stops everything it started.
#
#   scripts/run.sh                start everything and wait
#   scripts/run.sh --infra-only   only PostgreSQL + Redis + schemas (for development, benchmarks)
#
# Environment (defaults):
#   STOCK_API_PORT=5080  STOCK_PG_PORT=55432  STOCK_REDIS_PORT=56379  STOCK_SILOS=1  STOCK_APIS=1
#   STOCK_DATA_DIR=./.data (relative to the repo root; kept between runs)
#   STOCK_SILO_PORT_BASE=11111  STOCK_GATEWAY_PORT_BASE=30000  (silo i uses base + i)
#   STOCK_SILO_METRICS_PORT_BASE=19100  (silo i serves Prometheus metrics on base + i; 0: none)
#   STOCK_APIS=1: the API listens on STOCK_API_PORT. STOCK_APIS>1: the YARP gateway (src/Gateway) serves
#   clients on STOCK_API_PORT and API i listens on STOCK_API_PORT + 1 + i; every API is an Orleans
#   client of every silo
#   STOCK_START_TIMEOUT=120  (seconds to wait for /health/ready)
#   STOCK_SETTINGS_FILE=$STOCK_DATA_DIR/settings.json  (live settings of the APIs; created empty if missing)
#   STOCK_STOP_TIMEOUT=40  (seconds a process gets after SIGTERM: a silo drains, then exits)
#   STOCK_SILO_GC_GEN0_SIZE=0x400000  (DOTNET_GCgen0size of the silos, bytes in hex; empty: the runtime's own)
# Secrets, made on the first start over a data folder and kept (mode 0600): the PostgreSQL and Redis
# passwords (scripts/lib/infra.sh) and $STOCK_DATA_DIR/keys.env, the API's bootstrap keys
# STOCK_ADMIN_KEY and STOCK_CLIENT_KEY (given to every API as Stock:Auth:Bootstrap:AdminKey/ClientKey).
# More knobs (PostgreSQL settings, stop timeout) are listed in scripts/lib/infra.sh.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)
cd "$ROOT"
# shellcheck source=scripts/lib/infra.sh
source "$ROOT/scripts/lib/infra.sh"

usage() { sed -n '3,22p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; }

infra_only=0
for arg in "$@"; do
    case $arg in
    --infra-only) infra_only=1 ;;
    -h | --help)
        usage
        exit 0
        ;;
    *) infra_die "unknown argument '$arg' (try --help)" ;;
    esac
done

api_port=${STOCK_API_PORT:-5080}
silos=${STOCK_SILOS:-1}
apis=${STOCK_APIS:-1}
silo_port_base=${STOCK_SILO_PORT_BASE:-11111}
gateway_port_base=${STOCK_GATEWAY_PORT_BASE:-30000}
metrics_port_base=${STOCK_SILO_METRICS_PORT_BASE:-19100}
start_timeout=${STOCK_START_TIMEOUT:-120}
if ! [[ $silos =~ ^[0-9]+$ ]] || ((silos < 1)); then
    infra_die "STOCK_SILOS must be a number >= 1, got '$silos'"
fi
if ! [[ $apis =~ ^[0-9]+$ ]] || ((apis < 1)); then
    infra_die "STOCK_APIS must be a number >= 1, got '$apis'"
fi
infra_check_port_number "$api_port" STOCK_API_PORT
infra_check_port_number $((api_port + apis)) "STOCK_API_PORT + STOCK_APIS"
infra_check_port_number "$silo_port_base" STOCK_SILO_PORT_BASE
infra_check_port_number "$gateway_port_base" STOCK_GATEWAY_PORT_BASE
if [[ $metrics_port_base != 0 ]]; then infra_check_port_number "$metrics_port_base" STOCK_SILO_METRICS_PORT_BASE; fi
[[ $start_timeout =~ ^[0-9]+$ ]] || infra_die "STOCK_START_TIMEOUT must be a number of seconds"
# A silo stopped with SIGTERM drains (its grains deactivate and move, in-flight calls finish) for
# up to its own Silo:ShutdownTimeout (30 s); the SIGKILL fallback must come after that.
STOCK_STOP_TIMEOUT=${STOCK_STOP_TIMEOUT:-40}

infra_init "$ROOT" "${STOCK_DATA_DIR:-./.data}" "${STOCK_PG_PORT:-55432}" "${STOCK_REDIS_PORT:-56379}"
infra_lock

# shellcheck disable=SC2317 # invoked by the trap below
on_signal() {
    trap '' INT TERM
    echo
    infra_log "signal received, stopping"
    infra_stop_all
    infra_log "stopped"
    exit 0
}
trap infra_stop_all EXIT
trap on_signal INT TERM

infra_ensure_packages
infra_kill_orphans
if ((!infra_only)); then
    for ((i = 0; i < silos; i++)); do
        infra_require_free_port $((silo_port_base + i)) "silo $i" STOCK_SILO_PORT_BASE
        infra_require_free_port $((gateway_port_base + i)) "gateway of silo $i" STOCK_GATEWAY_PORT_BASE
        if [[ $metrics_port_base != 0 ]]; then
            infra_require_free_port $((metrics_port_base + i)) "metrics of silo $i" STOCK_SILO_METRICS_PORT_BASE
        fi
    done
    # The gateway's port too, when there is one (STOCK_APIS > 1).
    for ((i = 0; i < apis + (apis > 1); i++)); do
        infra_require_free_port $((api_port + i)) "API port $i" STOCK_API_PORT
    done
fi
infra_pg_start
infra_redis_start
infra_apply_sql

silo_pg=$(infra_pg_connection_string 64)
api_pg=$(infra_pg_connection_string 32)
redis=$(infra_redis_connection_string)

if ((infra_only)); then
    # The lines to paste read the passwords from their files: no secret on the screen or in a log.
    cat <<EOF

PostgreSQL and Redis are running (data in $INFRA_DATA, logs in $INFRA_LOG_DIR),
both with passwords (files of mode 0600 in $INFRA_DATA):
  export ConnectionStrings__Stock="Host=127.0.0.1;Port=$INFRA_PG_PORT;Database=stock;Username=stock;Password=\$(cat '$INFRA_PG_STOCK_PASSWORD_FILE');Maximum Pool Size=64"
  export ConnectionStrings__Redis="127.0.0.1:$INFRA_REDIS_PORT,password=\$(cat '$INFRA_REDIS_PASSWORD_FILE')"
  PGPASSWORD=\$(cat '$INFRA_PG_STOCK_PASSWORD_FILE') psql -h 127.0.0.1 -p $INFRA_PG_PORT -U stock stock
  REDISCLI_AUTH=\$(cat '$INFRA_REDIS_PASSWORD_FILE') redis-cli -p $INFRA_REDIS_PORT
Press Ctrl-C to stop.
EOF
    infra_wait_forever
    exit 0
fi

infra_build
silo_bin=$ROOT/src/Silo/bin/Release/net10.0
api_bin=$ROOT/src/Api/bin/Release/net10.0
gateway_bin=$ROOT/src/Gateway/bin/Release/net10.0
[[ -f $silo_bin/Orleans.Stock.Silo.dll ]] || infra_die "build output $silo_bin/Orleans.Stock.Silo.dll is missing"
[[ -f $api_bin/Orleans.Stock.Api.dll ]] || infra_die "build output $api_bin/Orleans.Stock.Api.dll is missing"
[[ -f $gateway_bin/Orleans.Stock.Gateway.dll ]] || infra_die "build output $gateway_bin/Orleans.Stock.Gateway.dll is missing"
# With more than one API the gateway takes STOCK_API_PORT and the APIs the ports after it.
if ((apis > 1)); then first_api_port=$((api_port + 1)); else first_api_port=$api_port; fi

# A silo keeps every pending reservation in memory, so most of what it allocates for a reservation
# survives its first collections. With the runtime's default gen0 budget (tens of MB on this machine)
# each gen0/gen1 collection then promotes that much at once: 60-120 ms pauses every few seconds,
# which every reservation in flight waits out. A 4 MB budget makes the same work come in 4-10 ms
# pauses (measured: find-max on one hot SKU held 2,500/s with the default, 9,535/s with 4 MB; README).
# Only an environment variable sets it: runtimeconfig.json has no knob for the gen0 budget.
silo_gc_gen0_size=${STOCK_SILO_GC_GEN0_SIZE-0x400000}
# Settings that hold a secret go into the process's environment (assignments before the function,
# exported to what it starts), never onto a command line that `ps` shows to every user.
for ((i = 0; i < silos; i++)); do
    ConnectionStrings__Stock=$silo_pg ConnectionStrings__Redis=$redis \
        infra_start_process "silo-$i" "$silo_bin" env \
        ${silo_gc_gen0_size:+DOTNET_GCgen0size=$silo_gc_gen0_size} \
        DOTNET_ENVIRONMENT=Production \
        Silo__SiloPort=$((silo_port_base + i)) \
        Silo__GatewayPort=$((gateway_port_base + i)) \
        Silo__MetricsPort=$((metrics_port_base == 0 ? 0 : metrics_port_base + i)) \
        dotnet Orleans.Stock.Silo.dll
done
# The API's cluster client needs a gateway at start-up: wait for the silos to open theirs.
for ((i = 0; i < silos; i++)); do
    if ! infra_wait_port $((gateway_port_base + i)) "$start_timeout" "${INFRA_PROC_PIDS[$i]}"; then
        infra_tail_logs "silo-$i"
        infra_die "silo $i did not open its gateway port $((gateway_port_base + i))"
    fi
done

# Live settings (strategy, A/B share, rollout, alert bounds): edit this file while the service runs.
settings_file=${STOCK_SETTINGS_FILE:-$INFRA_DATA/settings.json}
[[ -f $settings_file ]] || printf '{\n  "Stock": {\n  }\n}\n' >"$settings_file"

# The API's bootstrap keys (an admin and a client key): made on the first start over this data
# folder, kept afterwards; every API gets both.
keys_file=$INFRA_DATA/keys.env
infra_ensure_api_keys "$keys_file"
admin_key=$(infra_api_key "$keys_file" STOCK_ADMIN_KEY)
client_key=$(infra_api_key "$keys_file" STOCK_CLIENT_KEY)

# The first API keeps the name (and log) "api"; more are api-1, api-2, ... on the next ports.
api_name() { if (($1 == 0)); then echo api; else echo "api-$1"; fi; }
for ((i = 0; i < apis; i++)); do
    ConnectionStrings__Stock=$api_pg ConnectionStrings__Redis=$redis \
        Stock__Auth__Bootstrap__AdminKey=$admin_key Stock__Auth__Bootstrap__ClientKey=$client_key \
        infra_start_process "$(api_name "$i")" "$api_bin" env \
        ASPNETCORE_ENVIRONMENT=Production \
        Stock__SettingsFile="$settings_file" \
        dotnet Orleans.Stock.Api.dll --urls "http://127.0.0.1:$((first_api_port + i))"
done

for ((i = 0; i < apis; i++)); do
    url=http://127.0.0.1:$((first_api_port + i))/health/ready
    infra_log "waiting for $url (up to ${start_timeout}s)"
    if ! infra_wait_http "$url" "$start_timeout"; then
        infra_tail_logs
        infra_die "the service did not become ready within ${start_timeout}s"
    fi
done

if ((apis > 1)); then
    destinations=()
    for ((i = 0; i < apis; i++)); do
        destinations+=("Gateway__Destinations__$i=http://127.0.0.1:$((first_api_port + i))/")
    done
    infra_start_process gateway "$gateway_bin" env ASPNETCORE_ENVIRONMENT=Production "${destinations[@]}" \
        dotnet Orleans.Stock.Gateway.dll --urls "http://127.0.0.1:$api_port"
    infra_log "waiting for the gateway on port $api_port"
    if ! infra_wait_http "http://127.0.0.1:$api_port/gateway/health/ready" "$start_timeout"; then
        infra_tail_logs gateway
        infra_die "the gateway did not become ready within ${start_timeout}s"
    fi
fi

base=http://127.0.0.1:$api_port
more_apis=""
if ((apis > 1)); then more_apis+="  (the API above is the gateway; the instances behind it:)"$'\n'; fi
for ((i = 0; i < apis && apis > 1; i++)); do
    more_apis+="  API $i      http://127.0.0.1:$((first_api_port + i))/"$'\n'
done
silo_metrics=""
if [[ $metrics_port_base != 0 ]]; then
    for ((i = 0; i < silos; i++)); do
        silo_metrics+="  Silo $i     http://127.0.0.1:$((metrics_port_base + i))/metrics"$'\n'
    done
fi

cat <<EOF

Orleans.Stock is running ($silos silo(s), $apis API(s), data in $INFRA_DATA, logs in $INFRA_LOG_DIR):
  API        $base/
${more_apis}  Dashboard  $base/dashboard
  Settings   $settings_file (edits apply within seconds)
  Docs       $base/docs
  OpenAPI    $base/openapi/v1.json
  Metrics    $base/metrics
${silo_metrics}  Health     $base/health/ready
  API keys   $keys_file (STOCK_ADMIN_KEY, STOCK_CLIENT_KEY; send one as "Authorization: Bearer <key>")
Press Ctrl-C to stop.
EOF

# A silo that exits while others still run is a failover, not a failure: the cluster declares it
# dead and its grains move (kill one with `kill -9 $(cat "$INFRA_RUN_DIR/silo-1.pid")` to watch).
# Any other exit (an API, the last silo) is a failure: show why, stop the rest, exit non-zero.
watched=("${INFRA_PROC_PIDS[@]}")
silos_left=$silos
while true; do
    exited=""
    wait -n -p exited "${watched[@]}" || true
    name=""
    for i in "${!INFRA_PROC_PIDS[@]}"; do
        if [[ ${INFRA_PROC_PIDS[$i]} == "$exited" ]]; then name=${INFRA_PROC_NAMES[$i]}; fi
    done
    if [[ $name == silo-* ]] && ((--silos_left > 0)); then
        infra_warn "$name exited; $silos_left silo(s) carry on (see $INFRA_LOG_DIR/$name.log)"
        for i in "${!watched[@]}"; do
            if [[ ${watched[$i]} == "$exited" ]]; then unset 'watched[i]'; fi
        done
        continue
    fi
    break
done
infra_warn "${name:-a process} exited unexpectedly"
infra_tail_logs "${name:-api}"
exit 1
