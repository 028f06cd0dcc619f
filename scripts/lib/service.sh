# scripts/lib/service.sh - a throw-away service for the measurement scripts (auth-cost.sh, idle-cpu.sh):
# scripts/run.sh over a private data folder, stopped and removed when the script exits.
# Source after scripts/lib/infra.sh, with STOCK_API_PORT and the other run.sh ports exported.
#
#   service_start NAME   makes /tmp/NAME.XXXXXX, starts run.sh on it, waits for /health/ready, reads
#                        keys.env (STOCK_ADMIN_KEY, STOCK_CLIENT_KEY); sets STOCK_DATA_DIR, url, run_log, run_pid

service_start() {
    STOCK_DATA_DIR=$(mktemp -d "/tmp/$1.XXXXXX")
    # The unprivileged PostgreSQL user must be able to cross into it.
    chmod 711 "$STOCK_DATA_DIR"
    export STOCK_DATA_DIR
    url=http://127.0.0.1:$STOCK_API_PORT
    run_log=$STOCK_DATA_DIR/run.sh.log
    run_pid=""
    command -v wrk >/dev/null || { infra_log "installing wrk"; apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }
    trap service_cleanup EXIT
    trap 'exit 130' INT
    trap 'exit 143' TERM

    infra_log "starting the service on $url (log $run_log)"
    scripts/run.sh >"$run_log" 2>&1 &
    run_pid=$!
    until curl -fsS -o /dev/null --max-time 5 "$url/health/ready" 2>/dev/null; do
        infra_pid_alive "$run_pid" || { tail -n 40 "$run_log" >&2; infra_die "scripts/run.sh exited before the service was ready"; }
        sleep 2
    done
    # shellcheck source=/dev/null
    source "$STOCK_DATA_DIR/keys.env"
}

# shellcheck disable=SC2317 # invoked by the trap service_start sets
service_cleanup() {
    local status=$?
    if [[ -n $run_pid ]] && infra_pid_alive "$run_pid"; then
        kill -TERM "$run_pid" 2>/dev/null || true
        wait "$run_pid" 2>/dev/null || true
    fi
    rm -rf "$STOCK_DATA_DIR"
    exit "$status"
}
