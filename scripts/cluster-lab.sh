#!/usr/bin/env bash
#
# scripts/cluster-lab.sh - the cluster on separate hosts (issue 15's lab), each host a Linux network
# namespace on one bridge, and network faults made with nftables rules and signals (this kernel has no
# netem). Needs root, `ip` and `nft` (apt-get install nftables).
#
#   scripts/cluster-lab.sh up [--quick]     build the hosts and start the service on them; stays up
#   scripts/cluster-lab.sh down             remove every process, namespace, veth, bridge and rule it made
#   scripts/cluster-lab.sh run [--quick]    up, each fault under load (then heal and audit), down
#
# Hosts (addresses from 198.18.0.0/15, the range set aside for network benchmarks; nothing else):
#   bridge  198.18.0.1/24 (the machine itself, for the script's own health probes)
#   db      198.18.0.10   PostgreSQL :5432 and Redis :6379 (scripts/lib/infra.sh)
#   s1..s3  198.18.0.11-13  one silo each (silo :11111, gateway :30000, health :8081)
#   a1, a2  198.18.0.21-22  one API each (:8080)
#   c       198.18.0.30   the YARP gateway (:8000) and the load generator
#
# Faults (--quick runs 1, 3, 6 and 8; the full run all nine), each under load, then healed, then the
# load generator's audit. A silo fault's heal deletes the rules and, if the cluster declared the silo
# dead (it then stops itself), starts it again; the next fault begins once every host serves.
#   1 silo-crash       every process on s1 killed -9 at once; healed by starting its silo again
#   2 silo-isolated    s1 cut off from every host, both ways
#   3 silo-split       s1 cannot reach the other silos (both ways) but reaches PostgreSQL and Redis
#   4 silo-no-db       s1 cannot reach PostgreSQL (only)
#   5 api-silo-cut     a1 and s1 cannot reach each other
#   6 silo-oneway      every packet s1 sends is dropped; what is sent to it still arrives
#   7 link-flap        s1 cut off from every host for 3 s, back for 3 s, for STOCK_LAB_FLAP (30s)
#   8 api-crash        every process on a1 killed -9 at once; healed by starting its API again
#   9 rolling-restart  s1, s2, s3 in turn: SIGTERM, wait (kill -9 after 45 s), start, ready; the
#                      stop times are in the fault's line (results/rolling-restart.fault)
#
# Every host's log and each fault's results are in the lab folder printed at start (mktemp under
# /tmp); down keeps them and removes the database files.
# Optional environment:
#   STOCK_LAB_RATE=200        sessions per second of the load
#   STOCK_LAB_DURATION        measured load per fault (default 40s, --quick 30s)
#   STOCK_LAB_FAULT_AFTER     when the fault starts, into the load (default 10s, --quick 8s)
#   STOCK_LAB_HOLD            how long the fault lasts before the heal (default 15s, --quick 10s)
#   STOCK_LAB_FAULTS          the faults to run, e.g. "silo-split api-crash" (default: per --quick)
#   STOCK_LAB_FLAP=30s        how long link-flap flaps (its load runs 30 s longer)
#   STOCK_LAB_ROLLING_DURATION=120s  the rolling restart's load
#   STOCK_LAB_PREFIX=oslab    prefix of every namespace, interface and the run-state folder
# Exit status of run: 0 every audit passed, 3 an audit failed, 1 anything else went wrong.

set -euo pipefail
umask 077

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
SELF=$ROOT/scripts/cluster-lab.sh
# shellcheck source=lib/infra.sh
source "$ROOT/scripts/lib/infra.sh"

LAB=${STOCK_LAB_PREFIX:-oslab}
[[ $LAB =~ ^[a-z][a-z0-9]{0,7}$ ]] || infra_die "STOCK_LAB_PREFIX must be 1-8 lowercase letters and digits, got '$LAB'"
NET=198.18.0
BRIDGE=$LAB-br
STATE=/run/$LAB-lab # where `down` and the fault commands find the lab folder
declare -A HOST_IP=([db]=10 [s1]=11 [s2]=12 [s3]=13 [a1]=21 [a2]=22 [c]=30)
HOSTS=(db s1 s2 s3 a1 a2 c)
SILOS=(s1 s2 s3)
APIS=(a1 a2)
PG_PORT=5432
REDIS_PORT=6379
SILO_PORT=11111
SILO_GATEWAY_PORT=30000
SILO_HEALTH_PORT=8081
API_PORT=8080
GATEWAY_PORT=8000
START_TIMEOUT=${STOCK_START_TIMEOUT:-120}

silo_bin=$ROOT/src/Silo/bin/Release/net10.0
api_bin=$ROOT/src/Api/bin/Release/net10.0
gateway_bin=$ROOT/src/Gateway/bin/Release/net10.0
bench_dll=$ROOT/bench/Orleans.Stock.Bench/bin/Release/net10.0/Orleans.Stock.Bench.dll

ns() { printf '%s-%s' "$LAB" "$1"; }
ip_of() { printf '%s.%s' "$NET" "${HOST_IP[$1]}"; }
lab_log() { printf '==> [%s] %s\n' "$(date -u +%H:%M:%S)" "$*"; }

lab_require_tools() {
    infra_is_root || infra_die "the lab makes network namespaces: run it as root"
    command -v ip >/dev/null 2>&1 || infra_die "ip (iproute2) is missing"
    command -v nft >/dev/null 2>&1 || infra_die "nft is missing: apt-get install -y nftables"
}

# The lab folder of the running lab (empty if none).
lab_dir() { cat "$STATE/dir" 2>/dev/null || true; }

# ---------------------------------------------------------------------------------------------
# Topology

# Every process whose network namespace is NS, given SIGNAL.
ns_signal() {
    local pids
    pids=$(ip netns pids "$(ns "$1")" 2>/dev/null || true)
    [[ -z $pids ]] || kill "-$2" $pids 2>/dev/null || true
}

ns_has_processes() { [[ -n $(ip netns pids "$(ns "$1")" 2>/dev/null || true) ]]; }

lab_ns_exists() { ip netns list 2>/dev/null | grep -q "^$(ns "$1")\( \|$\)"; }

lab_down() {
    local h ticks busy dir
    dir=$(lab_dir)
    # SIGTERM to every host at once, up to 10 s for all of them together, then SIGKILL.
    for h in "${HOSTS[@]}"; do if lab_ns_exists "$h"; then ns_signal "$h" TERM; fi; done
    for ((ticks = 50; ticks > 0; ticks--)); do
        busy=0
        for h in "${HOSTS[@]}"; do if lab_ns_exists "$h" && ns_has_processes "$h"; then busy=1; fi; done
        ((busy)) || break
        sleep 0.2
    done
    for h in "${HOSTS[@]}"; do
        lab_ns_exists "$h" || continue
        ns_signal "$h" KILL
        for ((ticks = 25; ticks > 0; ticks--)); do
            ns_has_processes "$h" || break
            sleep 0.2
        done
        ip netns exec "$(ns "$h")" nft delete table inet "$LAB" 2>/dev/null || true
        ip netns delete "$(ns "$h")" 2>/dev/null || infra_warn "could not delete namespace $(ns "$h")"
    done
    # A veth dies with its peer's namespace; these only remain after a half-made `up`.
    for h in "${HOSTS[@]}"; do ip link delete "$(ns "$h")" 2>/dev/null || true; done
    ip link delete "$BRIDGE" 2>/dev/null || true
    # The logs and results stay; the database files (hundreds of MB after a full run) and the
    # secrets of the servers that are gone go.
    if [[ -n $dir && -d $dir/db ]]; then
        rm -rf "$dir/db/pg" "$dir/db/redis" "$dir"/db/*-password "$dir/db.env" "$dir/keys.env" "$dir/secrets.env"
    fi
    rm -rf "$STATE"
}

lab_topology_up() {
    local h
    ip link add "$BRIDGE" type bridge
    ip addr add "$NET.1/24" dev "$BRIDGE"
    ip link set "$BRIDGE" up
    for h in "${HOSTS[@]}"; do
        ip netns add "$(ns "$h")"
        ip link add "$(ns "$h")" type veth peer name eth0 netns "$(ns "$h")"
        ip link set "$(ns "$h")" master "$BRIDGE" up
        ip -n "$(ns "$h")" addr add "$(ip_of "$h")/24" dev eth0
        ip -n "$(ns "$h")" link set lo up
        ip -n "$(ns "$h")" link set eth0 up
    done
    for h in "${HOSTS[@]}"; do
        # Port 1 is closed: "connection refused" (curl exit 7) is the host answering, a timeout is not.
        local rc=0
        curl -s -o /dev/null --connect-timeout 2 "http://$(ip_of "$h"):1/" || rc=$?
        ((rc == 7)) || infra_die "host $h ($(ip_of "$h")) does not answer on the bridge (curl exit $rc)"
    done
}

# ---------------------------------------------------------------------------------------------
# Processes

# lab_start HOST NAME WORKDIR CMD...: CMD in HOST's namespace, output to the lab folder's NAME.log.
# Secrets come through the caller's exported environment, never the command line.
lab_start() {
    local host=$1 name=$2 workdir=$3 dir
    shift 3
    dir=$(lab_dir)
    (cd "$workdir" && exec ip netns exec "$(ns "$host")" "$@") >>"$dir/logs/$name.log" 2>&1 </dev/null 9>&- &
    printf '%s\n' "$!" >"$dir/run/$name.pid"
    # Stopped through its namespace, never waited for: no "Killed" job notices from this shell.
    disown "$!"
}

# lab_wait_http URL SECONDS
lab_wait_http() {
    local ticks=$(($2 * 2))
    until curl -sf -o /dev/null --max-time 2 "$1"; do
        ((ticks-- > 0)) || return 1
        sleep 0.5
    done
}

lab_secrets() {
    local dir
    dir=$(lab_dir)
    # shellcheck disable=SC1091
    source "$dir/secrets.env"
}

start_silo() {
    local h=$1
    lab_secrets
    ConnectionStrings__Stock=$LAB_SILO_PG ConnectionStrings__Redis=$LAB_REDIS \
        lab_start "$h" "silo-$h" "$silo_bin" env \
        DOTNET_GCgen0size=0x400000 DOTNET_ENVIRONMENT=Production \
        Silo__ListenAddress="$(ip_of "$h")" Silo__SiloPort=$SILO_PORT Silo__GatewayPort=$SILO_GATEWAY_PORT \
        Silo__HealthAddress="$(ip_of "$h")" Silo__HealthPort=$SILO_HEALTH_PORT \
        dotnet Orleans.Stock.Silo.dll
}

start_api() {
    local h=$1
    lab_secrets
    ConnectionStrings__Stock=$LAB_API_PG ConnectionStrings__Redis=$LAB_REDIS \
        Stock__Auth__Bootstrap__AdminKey=$LAB_ADMIN_KEY \
        lab_start "$h" "api-$h" "$api_bin" env \
        ASPNETCORE_ENVIRONMENT=Production AllowedHosts='*' \
        dotnet Orleans.Stock.Api.dll --urls "http://$(ip_of "$h"):$API_PORT"
}

start_gateway() {
    lab_start c gateway "$gateway_bin" env ASPNETCORE_ENVIRONMENT=Production AllowedHosts='*' \
        Gateway__Destinations__0="http://$(ip_of a1):$API_PORT/" \
        Gateway__Destinations__1="http://$(ip_of a2):$API_PORT/" \
        dotnet Orleans.Stock.Gateway.dll --urls "http://$(ip_of c):$GATEWAY_PORT"
}

wait_silo() {
    lab_wait_http "http://$(ip_of "$1"):$SILO_HEALTH_PORT/health/ready" "$START_TIMEOUT" ||
        infra_die "silo on $1 not ready within ${START_TIMEOUT}s (log $(lab_dir)/logs/silo-$1.log)"
}

wait_api() {
    lab_wait_http "http://$(ip_of "$1"):$API_PORT/health/ready" "$START_TIMEOUT" ||
        infra_die "API on $1 not ready within ${START_TIMEOUT}s (log $(lab_dir)/logs/api-$1.log)"
}

# The db host's own process (run inside its namespace): PostgreSQL and Redis through infra.sh,
# listening on the host's address too, then waits until the namespace is torn down.
db_host_main() {
    local dir=$1
    export STOCK_INFRA_EXTRA_ADDRESS STOCK_INFRA_EXTRA_CIDR STOCK_PG_MAX_CONNECTIONS STOCK_PG_SHARED_BUFFERS
    STOCK_INFRA_EXTRA_ADDRESS=$(ip_of db)
    STOCK_INFRA_EXTRA_CIDR=$NET.0/24
    STOCK_PG_MAX_CONNECTIONS=200
    STOCK_PG_SHARED_BUFFERS=128MB
    infra_init "$ROOT" "$dir/db" "$PG_PORT" "$REDIS_PORT"
    INFRA_PG_BIN=$(infra_find_pg_bin)
    [[ -n $INFRA_PG_BIN ]] || infra_die "no PostgreSQL server binaries (set STOCK_PG_BIN)"
    trap infra_stop_all EXIT
    trap 'exit 0' TERM INT
    infra_pg_start
    infra_redis_start
    infra_apply_sql
    infra_write_private "$dir/db.env" "LAB_SILO_PG='$(infra_pg_connection_string 24)'
LAB_API_PG='$(infra_pg_connection_string 16)'
LAB_REDIS='$(infra_redis_connection_string)'
LAB_REDIS_PASSWORD='$INFRA_REDIS_PASSWORD'"
    infra_wait_forever
}

lab_up() {
    local dir h
    lab_require_tools
    [[ -f $silo_bin/Orleans.Stock.Silo.dll && -f $api_bin/Orleans.Stock.Api.dll && -f $gateway_bin/Orleans.Stock.Gateway.dll && -f $bench_dll ]] ||
        infra_die "build first: dotnet build Orleans.Stock.sln -c Release"
    lab_down
    dir=$(mktemp -d "/tmp/$LAB-lab.XXXXXX")
    # PostgreSQL runs as its own OS user and must traverse to its data folder.
    chmod 711 "$dir"
    mkdir -p "$dir/logs" "$dir/run" "$dir/results" "$STATE"
    printf '%s\n' "$dir" >"$STATE/dir"
    lab_log "lab folder (logs, results): $dir"
    lab_topology_up
    lab_log "hosts up: $(for h in "${HOSTS[@]}"; do printf '%s=%s ' "$h" "$(ip_of "$h")"; done)"

    lab_start db db "$ROOT" bash "$SELF" __db "$dir"
    local ticks=$((START_TIMEOUT * 5))
    until [[ -f $dir/db.env ]]; do
        ns_has_processes db || infra_die "the db host stopped (log $dir/logs/db.log)"
        ((ticks-- > 0)) || infra_die "the db host did not start within ${START_TIMEOUT}s (log $dir/logs/db.log)"
        sleep 0.2
    done
    infra_write_private "$dir/keys.env" "LAB_ADMIN_KEY=sk_admin_$(infra_random_hex 16)"
    cat "$dir/db.env" "$dir/keys.env" >"$dir/secrets.env"
    lab_log "PostgreSQL and Redis on db ($(ip_of db))"

    for h in "${SILOS[@]}"; do
        start_silo "$h"
        # One at a time: the first founds the cluster, and the machine has few cores.
        wait_silo "$h"
        lab_log "silo on $h ready"
    done
    for h in "${APIS[@]}"; do start_api "$h"; done
    for h in "${APIS[@]}"; do
        wait_api "$h"
        lab_log "API on $h ready"
    done
    start_gateway
    lab_wait_http "http://$(ip_of c):$GATEWAY_PORT/gateway/health/ready" "$START_TIMEOUT" ||
        infra_die "the gateway did not become ready (log $dir/logs/gateway.log)"
    lab_log "gateway on c: http://$(ip_of c):$GATEWAY_PORT/ (admin key in $dir/keys.env until down)"
}

# ---------------------------------------------------------------------------------------------
# Faults. Each is run by the load generator (--fault-command) on the client host, so that it and the
# measurements share one clock: it applies the fault, holds it, heals, and waits until the host serves.

nft_in() { ip netns exec "$(ns "$1")" nft "${@:2}"; }

# nft_drop HOST OUTPUT_MATCH [INPUT_MATCH]: HOST drops what it sends matching OUTPUT_MATCH and what it
# receives matching INPUT_MATCH (nft match expressions; "" for none).
nft_drop() {
    local out=${2:+$2 drop;} in=${3:+$3 drop;}
    nft_in "$1" -f - <<EOF
table inet $LAB {
    chain output { type filter hook output priority 0; $out }
    chain input { type filter hook input priority 0; $in }
}
EOF
}

# nft_cut HOST ADDRESSES: nothing passes between HOST and ADDRESSES (an nft set, e.g. "a, b"), either way.
nft_cut() { nft_drop "$1" "ip daddr { $2 }" "ip saddr { $2 }"; }

heal_rules() { nft_in "$1" delete table inet "$LAB" 2>/dev/null || true; }

MEMBERSHIP_KEY=orleans-stock/members/orleans-stock # Orleans' Redis table: <ServiceId>/members/<ClusterId>

lab_redis() {
    REDISCLI_AUTH=$LAB_REDIS_PASSWORD redis-cli -h "$(ip_of db)" -p "$REDIS_PORT" --no-auth-warning "$@" 2>/dev/null
}

# The membership rows (field names) of HOST's silo that are Active (status 3) now.
active_rows() {
    local field
    lab_redis hkeys "$MEMBERSHIP_KEY" | grep "^S$(ip_of "$1"):$SILO_PORT:" | while read -r field; do
        [[ $(lab_redis hget "$MEMBERSHIP_KEY" "$field") == *'"Status":3,'* ]] && printf '%s\n' "$field"
    done || true
}

# True once every one of ROWS is declared Dead (status 6).
rows_dead() {
    local field
    [[ $# -gt 0 ]] || return 1
    for field in "$@"; do
        [[ $(lab_redis hget "$MEMBERSHIP_KEY" "$field") == *'"Status":6,'* ]] || return 1
    done
}

since() { awk -v a="$1" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }'; }

# After a silo fault's rules are gone: the silo serves again as an Active member. A silo the cluster
# declared dead stops itself (or is stopped here if it lingers), and is then started again.
heal_silo() {
    local h=$1 ticks=$((START_TIMEOUT * 2))
    heal_rules "$h"
    while ((ticks-- > 0)); do
        if ! ns_has_processes "$h"; then
            start_silo "$h"
        elif [[ -n $(active_rows "$h") ]] && curl -sf -o /dev/null --max-time 2 "http://$(ip_of "$h"):$SILO_HEALTH_PORT/health/ready"; then
            return 0
        fi
        sleep 0.5
    done
    infra_die "silo on $h did not serve again within ${START_TIMEOUT}s of the heal (log $(lab_dir)/logs/silo-$h.log)"
}

# The rolling restart: every silo in turn gets SIGTERM, is waited for (killed after 45 s), started again
# and waited for until ready. Prints each silo's stop time.
rolling_restart() {
    local h t0 stops=""
    for h in "${SILOS[@]}"; do
        t0=$(date +%s.%N)
        ns_signal "$h" TERM
        local ticks=225
        while ns_has_processes "$h" && ((ticks-- > 0)); do sleep 0.2; done
        if ns_has_processes "$h"; then
            stops+="$h:killed-after-$(since "$t0")s "
            ns_signal "$h" KILL
            while ns_has_processes "$h"; do sleep 0.2; done
        else
            stops+="$h:$(since "$t0")s "
        fi
        start_silo "$h"
        wait_silo "$h"
        until [[ -n $(active_rows "$h") ]]; do sleep 0.5; done
    done
    printf 'stops=%s\n' "${stops% }"
}

# The link between s1 and everything else goes down for 3 s and up for 3 s, for HOLD seconds.
link_flap() {
    local hold=$1 until=$(($(date +%s) + $1)) flaps=0
    while (($(date +%s) < until)); do
        nft_cut s1 "$NET.0/24"
        sleep 3
        heal_rules s1
        flaps=$((flaps + 1))
        sleep 3
    done
    printf 'flaps=%s\n' "$flaps"
}

fault_main() {
    local name=$1 hold=$2 dir start detect="" healed ready extra=""
    dir=$(lab_dir)
    lab_secrets
    local rows=()
    mapfile -t rows < <(active_rows s1)
    start=$(date +%s.%N)
    case $name in
    silo-crash) ns_signal s1 KILL ;;
    silo-isolated) nft_cut s1 "$NET.0/24" ;;
    silo-split) nft_cut s1 "$(ip_of s2), $(ip_of s3)" ;;
    silo-no-db) nft_drop s1 "ip daddr $(ip_of db) tcp dport $PG_PORT" "ip saddr $(ip_of db) tcp sport $PG_PORT" ;;
    api-silo-cut) nft_cut a1 "$(ip_of s1)" ;;
    silo-oneway) nft_drop s1 'oifname "eth0"' ;;
    link-flap) extra=$(link_flap "$hold") ;;
    api-crash) ns_signal a1 KILL ;;
    rolling-restart) extra=$(rolling_restart) ;;
    *) infra_die "unknown fault $name" ;;
    esac
    # Time to detect: for a silo, until the membership table declares s1 dead; with PostgreSQL cut,
    # until s1's readiness probe says so.
    local until=$(($(date +%s) + hold))
    case $name in link-flap | rolling-restart) until=0 ;; esac
    while (($(date +%s) < until)); do
        if [[ -z $detect ]]; then
            case $name in
            silo-no-db)
                curl -sf -o /dev/null --max-time 1 "http://$(ip_of s1):$SILO_HEALTH_PORT/health/ready" || detect=$(since "$start")
                ;;
            silo-*) if rows_dead "${rows[@]}"; then detect=$(since "$start"); fi ;;
            esac
        fi
        sleep 0.5
    done
    healed=$(date +%s.%N)
    case $name in
    silo-crash) start_silo s1 && wait_silo s1 ;;
    silo-* | link-flap) heal_silo s1 ;;
    api-silo-cut) heal_rules a1 ;;
    api-crash) start_api a1 && wait_api a1 ;;
    rolling-restart) ;;
    esac
    printf 'fault=%s detect_s=%s heal_at_s=%s ready_after_heal_s=%s %s\n' "$name" "${detect:-n/a}" \
        "$(awk -v a="$start" -v b="$healed" 'BEGIN { printf "%.1f", b - a }')" "$(since "$healed")" "$extra" |
        tee "$dir/results/$name.fault"
}

# ---------------------------------------------------------------------------------------------
# Load and report

run_fault() {
    local name=$1 dir rc
    dir=$(lab_dir)
    lab_secrets
    local run_duration=$duration fault_hold=$hold
    # Three stops of up to 30 s and three starts: the load must outlast them.
    if [[ $name == rolling-restart ]]; then run_duration=${STOCK_LAB_ROLLING_DURATION:-120s}; fi
    if [[ $name == link-flap ]]; then
        fault_hold=${STOCK_LAB_FLAP:-30s}
        run_duration=$((${fault_after%s} + ${fault_hold%s} + 30))s
    fi
    lab_log "fault $name: load $rate/s for $run_duration, fault at $fault_after for $fault_hold"
    set +e
    STOCK_API_KEY=$LAB_ADMIN_KEY ip netns exec "$(ns c)" dotnet "$bench_dll" run \
        --url "http://$(ip_of c):$GATEWAY_PORT" --engine grain --skus 12 --initial-stock 100000000 \
        --confirm 0.3 --cancel 0.1 --rate "$rate" --duration "$run_duration" --warmup 2s --idempotency-keys \
        --fault-after "$fault_after" --fault-command "bash '$SELF' __fault $name ${fault_hold%s}" \
        --scenario lab --scenario-param "$name" --json "$dir/results/$name.json" \
        >"$dir/logs/bench-$name.log" 2>&1 </dev/null &
    wait $!
    rc=$?
    set -e
    grep -E '^(audit |failover: )' "$dir/logs/bench-$name.log" | sed 's/^/    /' || true
    printf '%s\n' "$rc" >"$dir/results/$name.rc"
    case $rc in
    0) ;;
    3) infra_warn "fault $name: AUDIT FAILED (log $dir/logs/bench-$name.log)" ;;
    *) infra_warn "fault $name: the load generator failed with exit $rc (log $dir/logs/bench-$name.log)" ;;
    esac
    # The next fault starts from a whole cluster.
    local h
    for h in "${SILOS[@]}"; do wait_silo "$h"; done
    for h in "${APIS[@]}"; do wait_api "$h"; done
}

# One line per fault. The phases are the fault's own window on the load's timeline: before it, while
# it holds (until the heal), after the heal; each as requests ended, errors, slowest ms.
print_table() {
    local dir=$1 name
    printf '\n%-16s %8s %10s %11s %7s %-21s %-21s %-21s %s\n' fault detect_s recover_s last_error_s audit \
        "before req/err/max" "during req/err/max" "after req/err/max" "heal->ready_s"
    for name in "${faults[@]}"; do
        local json=$dir/results/$name.json fault_line detect heal ready
        fault_line=$(cat "$dir/results/$name.fault" 2>/dev/null || true)
        detect=$(sed -n 's/.*detect_s=\([^ ]*\).*/\1/p' <<<"$fault_line")
        heal=$(sed -n 's/.*heal_at_s=\([^ ]*\).*/\1/p' <<<"$fault_line")
        ready=$(sed -n 's/.*ready_after_heal_s=\([^ ]*\).*/\1/p' <<<"$fault_line")
        if [[ -f $json && -n $heal ]]; then
            jq -r --arg n "$name" --arg d "${detect:-n/a}" --arg r "${ready:-n/a}" --argjson heal "$heal" '
                .failover as $f | ($f.fault.atSeconds | floor) as $at | (($f.fault.atSeconds + $heal) | floor) as $healed |
                def ph(sel): [$f.timeline[] | select(sel)] |
                    "\(map(.ended) | add // 0)/\(map(.errors) | add // 0)/\(map(.slowestMs) | max // 0 | floor)";
                ([$f.timeline[] | select(.errors > 0 and .second >= $at) | .second] | max) as $last |
                [$n, $d, ($f.recoveredAfterSeconds | tostring),
                 (if $last == null then "-" else ($last + 1 - $f.fault.atSeconds | . * 10 | round / 10 | tostring) end),
                 (if .audit.passed then "passed" else "FAILED" end),
                 ph(.second < $at), ph(.second >= $at and .second < $healed), ph(.second >= $healed), $r] | @tsv' "$json" |
                awk -F'\t' '{ printf "%-16s %8s %10s %11s %7s %-21s %-21s %-21s %s\n", $1, $2, $3, $4, $5, $6, $7, $8, $9 }'
        else
            printf '%-16s (no result: see %s)\n' "$name" "$dir/logs/bench-$name.log"
        fi
    done
    printf '(detect: until the membership table declares the silo dead; recover: the load generator'"'"'s "recovered after";\n'
    printf ' last_error: from the fault to the end of the last second with an error)\n'
}

lab_run() {
    local dir name failed=0 audit_failed=0
    trap 'lab_down' EXIT
    trap 'exit 130' INT TERM
    lab_up
    dir=$(lab_dir)
    for name in "${faults[@]}"; do run_fault "$name"; done
    print_table "$dir" | tee "$dir/results/table.txt"
    for name in "${faults[@]}"; do
        case $(cat "$dir/results/$name.rc" 2>/dev/null || echo 1) in
        0) ;;
        3) audit_failed=1 ;;
        *) failed=1 ;;
        esac
    done
    lab_log "results in $dir/results, logs in $dir/logs"
    if ((audit_failed)); then exit 3; fi
    if ((failed)); then exit 1; fi
}

# ---------------------------------------------------------------------------------------------

command=${1:-}
shift || true
quick=0
for arg in "$@"; do
    case $command:$arg in
    up:--quick | run:--quick) quick=1 ;;
    __db:* | __fault:*) ;;
    *) infra_die "unknown argument '$arg' (usage: $0 up|down|run [--quick])" ;;
    esac
done
if ((quick)); then
    rate=${STOCK_LAB_RATE:-200} duration=${STOCK_LAB_DURATION:-30s} fault_after=${STOCK_LAB_FAULT_AFTER:-8s} hold=${STOCK_LAB_HOLD:-10s}
    read -r -a faults <<<"${STOCK_LAB_FAULTS:-silo-crash silo-split silo-oneway api-crash}"
else
    rate=${STOCK_LAB_RATE:-200} duration=${STOCK_LAB_DURATION:-40s} fault_after=${STOCK_LAB_FAULT_AFTER:-10s} hold=${STOCK_LAB_HOLD:-15s}
    read -r -a faults <<<"${STOCK_LAB_FAULTS:-silo-crash silo-isolated silo-split silo-no-db api-silo-cut silo-oneway link-flap api-crash rolling-restart}"
fi
for setting in "STOCK_LAB_HOLD=$hold" "STOCK_LAB_FAULT_AFTER=$fault_after" "STOCK_LAB_FLAP=${STOCK_LAB_FLAP:-30s}"; do
    [[ ${setting#*=} =~ ^[0-9]+s$ ]] || infra_die "${setting%%=*} must be whole seconds like 10s, got '${setting#*=}'"
done

case $command in
up)
    lab_up
    lab_log "up; stop it with: $0 down"
    ;;
down)
    lab_require_tools
    lab_down
    lab_log "down"
    ;;
run) lab_require_tools && lab_run ;;
__db) db_host_main "$1" ;;
__fault) fault_main "$1" "$2" ;;
*) infra_die "usage: $0 up|down|run [--quick]" ;;
esac
