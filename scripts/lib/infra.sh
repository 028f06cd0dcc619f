# shellcheck shell=bash
#
# scripts/lib/infra.sh - shared by scripts/run.sh and scripts/test.sh (source it, don't run it).
#
# Runs a PRIVATE PostgreSQL and Redis out of one data folder, applies scripts/sql, builds the
# solution and starts/stops the .NET processes. Nothing here touches a system-wide server: the
# PostgreSQL cluster lives in "$DATA/pg", Redis in "$DATA/redis", logs in "$DATA/logs", pid files
# of the .NET processes in "$DATA/run".
#
# Both servers ask for a password on every connection (PostgreSQL: scram-sha-256 in pg_hba.conf,
# also on the local socket; Redis: requirepass). The passwords are made on the first start over a
# data folder and kept there, mode 0600, for the later ones:
#   $DATA/pg-superuser-password   PostgreSQL superuser "postgres" (the scripts' own admin work)
#   $DATA/pg-stock-password       PostgreSQL role "stock" (the service and the tests)
#   $DATA/redis-password          Redis (requirepass)
# A data folder made before the passwords (trust authentication, no password files) is upgraded in
# place at its next start. Everything the scripts create under $DATA is private to the user that runs
# them (umask 077); the PostgreSQL data folder belongs to the PostgreSQL OS user.
#
# Typical use:
#   infra_init "$root" "$data_dir" "$pg_port" "$redis_port"
#   trap infra_stop_all EXIT
#   infra_ensure_packages; infra_pg_start; infra_redis_start; infra_apply_sql
#
# Optional environment (both scripts):
#   STOCK_PG_OS_USER           OS user that runs PostgreSQL when we are root (default postgres)
#   STOCK_PG_BIN               PostgreSQL bin dir (default: newest /usr/lib/postgresql/*/bin)
#   STOCK_PG_MAX_CONNECTIONS   max_connections (default 200)
#   STOCK_PG_SHARED_BUFFERS    shared_buffers (default 256MB)
#   STOCK_STOP_TIMEOUT         seconds a .NET process gets to stop after SIGTERM (default 30)
#   STOCK_INFRA_EXTRA_ADDRESS  one more address PostgreSQL and Redis listen on besides 127.0.0.1, and the
#                              one the connection strings name (default none: loopback only). For
#                              scripts/cluster-lab.sh, whose db host is a network namespace.
#   STOCK_INFRA_EXTRA_CIDR     the clients PostgreSQL admits on that address (default the address/32)
#
# The lock (run.sh) is held on file descriptor 9; every long-lived child is started with 9>&- so
# that an orphan never keeps the lock.

INFRA_ROOT=""
INFRA_DATA=""
INFRA_PG_PORT=""
INFRA_REDIS_PORT=""
INFRA_PG_DATA=""
INFRA_REDIS_DIR=""
INFRA_LOG_DIR=""
INFRA_RUN_DIR=""
INFRA_PG_BIN=""
INFRA_PG_OS_USER=""
INFRA_PG_MAX_CONNECTIONS=""
INFRA_PG_SHARED_BUFFERS=""
INFRA_PG_SUPERUSER_PASSWORD_FILE=""
INFRA_PG_STOCK_PASSWORD_FILE=""
INFRA_REDIS_PASSWORD_FILE=""
INFRA_PG_SUPERUSER_PASSWORD=""
INFRA_PG_STOCK_PASSWORD=""
INFRA_REDIS_PASSWORD=""
INFRA_PG_STARTED=0
INFRA_REDIS_STARTED=0
INFRA_WAIT_PID=""
INFRA_PROC_NAMES=()
INFRA_PROC_PIDS=()
INFRA_EXTRA_ADDRESS=""
INFRA_EXTRA_CIDR=""

infra_log() { printf '==> %s\n' "$*"; }
infra_warn() { printf 'warning: %s\n' "$*" >&2; }
infra_die() {
    printf 'error: %s\n' "$*" >&2
    exit 1
}

infra_is_root() { [[ $EUID -eq 0 ]]; }

# infra_abspath PATH BASE: PATH made absolute (relative paths are taken from BASE), normalised.
infra_abspath() {
    local path=$1 base=$2
    [[ $path == /* ]] || path=$base/$path
    realpath -m -- "$path"
}

infra_check_port_number() {
    if ! [[ $1 =~ ^[0-9]+$ ]] || ((10#$1 < 1 || 10#$1 > 65535)); then
        infra_die "$2 must be a TCP port number, got '$1'"
    fi
}

# infra_init ROOT DATA_DIR PG_PORT REDIS_PORT
infra_init() {
    INFRA_ROOT=$1
    INFRA_DATA=$(infra_abspath "$2" "$1")
    INFRA_PG_PORT=$3
    INFRA_REDIS_PORT=$4
    infra_check_port_number "$INFRA_PG_PORT" "the PostgreSQL port"
    infra_check_port_number "$INFRA_REDIS_PORT" "the Redis port"
    INFRA_PG_DATA=$INFRA_DATA/pg
    INFRA_REDIS_DIR=$INFRA_DATA/redis
    INFRA_LOG_DIR=$INFRA_DATA/logs
    INFRA_RUN_DIR=$INFRA_DATA/run
    INFRA_PG_SUPERUSER_PASSWORD_FILE=$INFRA_DATA/pg-superuser-password
    INFRA_PG_STOCK_PASSWORD_FILE=$INFRA_DATA/pg-stock-password
    INFRA_REDIS_PASSWORD_FILE=$INFRA_DATA/redis-password
    INFRA_PG_OS_USER=${STOCK_PG_OS_USER:-postgres}
    INFRA_PG_MAX_CONNECTIONS=${STOCK_PG_MAX_CONNECTIONS:-200}
    INFRA_PG_SHARED_BUFFERS=${STOCK_PG_SHARED_BUFFERS:-256MB}
    INFRA_EXTRA_ADDRESS=${STOCK_INFRA_EXTRA_ADDRESS:-}
    INFRA_EXTRA_CIDR=${STOCK_INFRA_EXTRA_CIDR:-${INFRA_EXTRA_ADDRESS:+$INFRA_EXTRA_ADDRESS/32}}
    if [[ -n $INFRA_EXTRA_ADDRESS ]]; then
        [[ $INFRA_EXTRA_ADDRESS =~ ^[0-9]+\.[0-9]+\.[0-9]+\.[0-9]+$ ]] ||
            infra_die "STOCK_INFRA_EXTRA_ADDRESS must be an IPv4 address, got '$INFRA_EXTRA_ADDRESS'"
        [[ $INFRA_EXTRA_CIDR =~ ^[0-9]+\.[0-9]+\.[0-9]+\.[0-9]+/[0-9]+$ ]] ||
            infra_die "STOCK_INFRA_EXTRA_CIDR must be an IPv4 network (a.b.c.d/n), got '$INFRA_EXTRA_CIDR'"
    fi

    # CI and `sudo -i`-less shells can lack these; dotnet needs HOME, runuser lives in sbin.
    if [[ -z ${HOME:-} ]]; then
        HOME=$(getent passwd "$(id -u)" | cut -d: -f6)
        export HOME
    fi
    case ":$PATH:" in *:/usr/sbin:*) ;; *) PATH=$PATH:/usr/sbin:/sbin ;; esac
    export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

    # Data, logs, passwords and keys: for this user only. The .NET processes inherit it too.
    umask 077
    # Older scripts made these world-readable: closed here (the data folder itself only when the
    # scripts made it, i.e. it has their .lock file; it may be a folder someone chose). The data and
    # log folders keep a traverse-only o+x that infra_pg_make_reachable gives them for PostgreSQL.
    if [[ -f $INFRA_DATA/.lock ]]; then chmod g-rwx,o-rw "$INFRA_DATA" "$INFRA_DATA/.lock"; fi
    mkdir -p "$INFRA_DATA" "$INFRA_REDIS_DIR" "$INFRA_LOG_DIR" "$INFRA_RUN_DIR"
    chmod -R go-rwx "$INFRA_REDIS_DIR" "$INFRA_RUN_DIR"
    chmod -R g-rwx,o-rw "$INFRA_LOG_DIR"
}

# ---------------------------------------------------------------------------------------------
# Secrets

# infra_random_hex BYTES: BYTES random bytes as lowercase hex.
infra_random_hex() {
    local hex
    if command -v openssl >/dev/null 2>&1; then
        hex=$(openssl rand -hex "$1")
    else
        hex=$(od -An -v -tx1 -N "$1" /dev/urandom | tr -d ' \n')
    fi
    [[ $hex =~ ^[0-9a-f]+$ && ${#hex} -eq $(($1 * 2)) ]] || infra_die "could not make a random secret (openssl rand, /dev/urandom)"
    printf '%s\n' "$hex"
}

# infra_write_private FILE CONTENT: FILE (mode 0600) holds CONTENT, replaced atomically.
infra_write_private() {
    local tmp=$1.tmp.$$
    rm -f "$tmp"
    (umask 077 && printf '%s\n' "$2" >"$tmp") || infra_die "could not write $tmp"
    chmod 600 "$tmp"
    mv -f "$tmp" "$1"
}

# infra_password FILE VAR: sets VAR to the password kept in FILE, made (48 hex characters, mode
# 0600) if missing.
infra_password() {
    local infra_password_value # named so that it cannot hide the caller's VAR
    if [[ ! -f $1 ]]; then
        infra_log "generating a password in $1 (mode 0600)"
        infra_write_private "$1" "$(infra_random_hex 24)"
    fi
    chmod 600 "$1"
    infra_password_value=$(head -n 1 "$1")
    [[ $infra_password_value =~ ^[0-9a-f]{32,}$ ]] ||
        infra_die "$1 does not hold a password of the scripts (32+ hex characters); remove it to get a new one"
    printf -v "$2" '%s' "$infra_password_value"
}

# infra_ensure_api_keys FILE: FILE (mode 0600) with STOCK_ADMIN_KEY=sk_admin_... and
# STOCK_CLIENT_KEY=sk_client_... (32 hex characters each), made if missing, kept otherwise.
infra_ensure_api_keys() {
    if [[ ! -f $1 ]]; then
        infra_log "generating API keys in $1 (mode 0600)"
        infra_write_private "$1" "STOCK_ADMIN_KEY=sk_admin_$(infra_random_hex 16)
STOCK_CLIENT_KEY=sk_client_$(infra_random_hex 16)"
    fi
    chmod 600 "$1"
    infra_api_key "$1" STOCK_ADMIN_KEY >/dev/null
    infra_api_key "$1" STOCK_CLIENT_KEY >/dev/null
}

# infra_api_key FILE NAME: the value of NAME=... in FILE (read, never sourced).
infra_api_key() {
    local value
    value=$(sed -n "s/^$2=//p" "$1" 2>/dev/null | tail -n 1)
    [[ $value =~ ^[A-Za-z0-9_.~-]{16,}$ ]] ||
        infra_die "$1 has no usable $2=... line (16+ characters of [A-Za-z0-9_.~-]); fix it, or remove the file to get new keys"
    printf '%s\n' "$value"
}

# Only one run.sh per data folder. The lock dies with the script (kill -9 included).
infra_lock() {
    exec 9>>"$INFRA_DATA/.lock"
    flock -n 9 || infra_die "another scripts/run.sh is already using $INFRA_DATA (stop it, or set STOCK_DATA_DIR)"
}

# ---------------------------------------------------------------------------------------------
# Processes and ports

# infra_pid_alive PID: true if the process exists and is not a zombie.
infra_pid_alive() {
    local stat
    [[ $1 =~ ^[0-9]+$ ]] || return 1
    stat=$(cat "/proc/$1/stat" 2>/dev/null) || return 1
    stat=${stat##*) }
    [[ -n $stat && ${stat:0:1} != Z ]]
}

# infra_pid_cmdline PID: the process's command line, arguments separated by spaces.
infra_pid_cmdline() { tr '\0' ' ' <"/proc/$1/cmdline" 2>/dev/null || true; }

# infra_wait_gone PID SECONDS: true once PID has exited, false on timeout.
infra_wait_gone() {
    local pid=$1 ticks=$(($2 * 5))
    while infra_pid_alive "$pid"; do
        ((ticks-- > 0)) || return 1
        sleep 0.2
    done
}

infra_port_in_use() { (: <"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# infra_require_free_port PORT WHAT ENV_VAR
infra_require_free_port() {
    if infra_port_in_use "$1"; then
        infra_die "port $1 ($2) is already in use by another process; pick another one with $3=..."
    fi
}

# infra_wait_port PORT SECONDS [PID]: wait until something listens on 127.0.0.1:PORT; fail early
# if PID dies meanwhile.
infra_wait_port() {
    local port=$1 ticks=$(($2 * 5)) pid=${3:-}
    until infra_port_in_use "$port"; do
        if [[ -n $pid ]] && ! infra_pid_alive "$pid"; then return 1; fi
        ((ticks-- > 0)) || return 1
        sleep 0.2
    done
}

# infra_new_log_lines LOG N: the lines of LOG after the first N.
infra_new_log_lines() { tail -n "+$(($2 + 1))" "$1" 2>/dev/null || true; }

# The default ports lie inside Linux's ephemeral range (32768-60999): a client connection that
# happened to get one as its local port blocks bind() for a while (also in TIME_WAIT, even with
# SO_REUSEADDR). Nobody listens there, so wait it out.
# infra_wait_busy_port PORT DEADLINE: sleeps 3 s, or dies once SECONDS passed DEADLINE.
infra_wait_busy_port() {
    if ((SECONDS >= $2)); then
        infra_die "port $1 stays busy (bind: Address already in use); pick another port"
    fi
    infra_warn "port $1 is held by a closing connection (bind: Address already in use); retrying in 3s"
    sleep 3
}

# ---------------------------------------------------------------------------------------------
# Packages

# Newest PostgreSQL bin dir that has a server in it (or STOCK_PG_BIN), empty if none.
infra_find_pg_bin() {
    local dir
    if [[ -n ${STOCK_PG_BIN:-} ]]; then
        printf '%s\n' "$STOCK_PG_BIN"
        return
    fi
    while IFS= read -r dir; do
        if [[ -x $dir/initdb && -x $dir/pg_ctl && -x $dir/postgres && -x $dir/psql ]]; then
            printf '%s\n' "$dir"
            return
        fi
    done < <(printf '%s\n' /usr/lib/postgresql/*/bin | sort -rV)
}

infra_require_dotnet() {
    command -v dotnet >/dev/null 2>&1 ||
        infra_die "the .NET 10 SDK is required but 'dotnet' is not on PATH (install it: https://dotnet.microsoft.com/download/dotnet/10.0)"
    dotnet --list-sdks 2>/dev/null | grep -q '^10\.' ||
        infra_die "the .NET 10 SDK is required; 'dotnet --list-sdks' shows: $(dotnet --list-sdks 2>&1 | tr '\n' ' ')"
}

# Installs with apt-get whatever is missing among PostgreSQL, Redis and curl.
# infra_ensure_packages [--browser]: --browser also installs Debian's Chromium (the dashboard's
# browser tests drive /usr/bin/chromium; Playwright's own browser download does not work here).
infra_ensure_packages() {
    local packages=() sudo=()
    infra_require_dotnet
    if [[ ${1:-} == --browser ]] && [[ ! -x /usr/bin/chromium ]]; then
        packages+=(chromium)
    fi
    command -v npm >/dev/null 2>&1 || packages+=(npm)
    [[ -n $(infra_find_pg_bin) ]] || packages+=(postgresql)
    if ! command -v redis-server >/dev/null 2>&1 || ! command -v redis-cli >/dev/null 2>&1; then
        packages+=(redis-server)
    fi
    command -v curl >/dev/null 2>&1 || packages+=(curl)

    if ((${#packages[@]} > 0)); then
        if ! infra_is_root; then
            command -v sudo >/dev/null 2>&1 ||
                infra_die "missing ${packages[*]}; run as root or install them: apt-get install ${packages[*]}"
            sudo=(sudo -n)
        fi
        command -v apt-get >/dev/null 2>&1 ||
            infra_die "missing ${packages[*]} and apt-get is not available to install them"
        infra_log "installing ${packages[*]} with apt-get"
        "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -q ||
            infra_die "apt-get update failed"
        "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${packages[@]}" ||
            infra_die "apt-get install ${packages[*]} failed"
    fi

    INFRA_PG_BIN=$(infra_find_pg_bin)
    [[ -n $INFRA_PG_BIN && -x $INFRA_PG_BIN/pg_ctl ]] ||
        infra_die "no PostgreSQL server binaries found under /usr/lib/postgresql/*/bin (set STOCK_PG_BIN)"
    command -v redis-server >/dev/null 2>&1 || infra_die "redis-server is still missing"
    if infra_is_root; then
        id -u "$INFRA_PG_OS_USER" >/dev/null 2>&1 ||
            infra_die "OS user '$INFRA_PG_OS_USER' (made by the Debian postgresql package) does not exist; PostgreSQL refuses to run as root (set STOCK_PG_OS_USER to an unprivileged user)"
    fi
}

# ---------------------------------------------------------------------------------------------
# PostgreSQL

# Runs a command as the unprivileged PostgreSQL OS user (initdb/postgres refuse root).
infra_as_pg() {
    if infra_is_root; then
        (cd / && runuser -u "$INFRA_PG_OS_USER" -- "$@") 9>&-
    else
        (cd / && "$@") 9>&-
    fi
}

# psql as the superuser; the password goes through the environment, never the command line.
infra_pg_psql_admin() {
    PGPASSWORD=$INFRA_PG_SUPERUSER_PASSWORD PGOPTIONS='-c client_min_messages=warning' \
        "$INFRA_PG_BIN/psql" -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$INFRA_PG_PORT" -U postgres -d postgres "$@"
}

# The PostgreSQL user must be able to reach the data and log folders: add o+x (traverse only,
# no listing) to every ancestor it cannot cross.
infra_pg_make_reachable() {
    local path="" part parts=()
    infra_is_root || return 0
    IFS=/ read -ra parts <<<"${INFRA_LOG_DIR#/}"
    for part in "${parts[@]}"; do
        [[ -n $part ]] || continue
        path+=/$part
        if ! runuser -u "$INFRA_PG_OS_USER" -- test -x "$path" 2>/dev/null; then
            infra_log "chmod o+x $path (so that '$INFRA_PG_OS_USER' can reach the data folder)"
            chmod o+x "$path"
        fi
    done
}

infra_pg_init() {
    local tmp=$INFRA_DATA/pg.initdb log=$INFRA_LOG_DIR/initdb.log pwfile=$INFRA_DATA/pg.initdb.pw
    if [[ -f $INFRA_PG_DATA/PG_VERSION ]]; then
        if infra_is_root && [[ $(stat -c %U "$INFRA_PG_DATA") != "$INFRA_PG_OS_USER" ]]; then
            chown -R "$INFRA_PG_OS_USER:" "$INFRA_PG_DATA"
        fi
        return 0
    fi
    if [[ -d $INFRA_PG_DATA ]]; then
        rmdir "$INFRA_PG_DATA" 2>/dev/null ||
            infra_die "$INFRA_PG_DATA exists, is not empty and is not a PostgreSQL data folder"
    fi
    infra_log "initdb $INFRA_PG_DATA ($("$INFRA_PG_BIN/postgres" --version))"
    # initdb into a side folder and rename: a half-made cluster never looks initialised.
    rm -rf "$tmp" "$pwfile"
    mkdir -m 700 "$tmp"
    # The superuser has its password from the start, handed to initdb in a file of the PostgreSQL
    # OS user's own (it cannot read ours) that is removed right after.
    infra_password "$INFRA_PG_SUPERUSER_PASSWORD_FILE" INFRA_PG_SUPERUSER_PASSWORD
    infra_write_private "$pwfile" "$INFRA_PG_SUPERUSER_PASSWORD"
    if infra_is_root; then chown "$INFRA_PG_OS_USER:" "$tmp" "$pwfile"; fi
    if ! infra_as_pg "$INFRA_PG_BIN/initdb" -D "$tmp" -U postgres --auth=scram-sha-256 --pwfile="$pwfile" \
        --encoding=UTF8 --no-locale --data-checksums --no-instructions >"$log" 2>&1; then
        rm -f "$pwfile"
        cat "$log" >&2
        infra_die "initdb failed (log above, also in $log)"
    fi
    rm -f "$pwfile"
    mv "$tmp" "$INFRA_PG_DATA"
}

# A cluster made by older scripts (trust authentication) has no superuser password, nor a file for
# it: set one with the server stopped, in single-user mode (no connection, so no authentication),
# before its first start with a pg_hba.conf that asks for passwords. Until it is set the password
# is kept as "<file>.new", so a run killed half-way picks the same one up again.
infra_pg_ensure_superuser_password() {
    local file=$INFRA_PG_SUPERUSER_PASSWORD_FILE log=$INFRA_LOG_DIR/pg-set-password.log password
    if [[ -f $file ]]; then
        infra_password "$file" INFRA_PG_SUPERUSER_PASSWORD
        return 0
    fi
    infra_log "upgrading $INFRA_PG_DATA: it has no $file (made by older scripts, trust authentication); setting passwords"
    infra_password "$file.new" password
    rm -f "$log"
    if ! printf "ALTER ROLE postgres WITH PASSWORD '%s';\n" "$password" |
        infra_as_pg "$INFRA_PG_BIN/postgres" --single -D "$INFRA_PG_DATA" postgres >"$log" 2>&1 ||
        grep -qE '(ERROR|FATAL|PANIC):' "$log"; then
        infra_die "could not set the PostgreSQL superuser's password in single-user mode (see $log); stop whatever uses $INFRA_PG_DATA, or remove the data folder to start afresh"
    fi
    mv -f "$file.new" "$file"
    INFRA_PG_SUPERUSER_PASSWORD=$password
}

# Settings are (re)written at every start, so a change here reaches existing data folders too.
infra_pg_configure() {
    local conf=$INFRA_PG_DATA/postgresql.conf socket_dir=$INFRA_PG_DATA
    # A unix socket path must fit in 107 bytes; fall back to /tmp for deep folders.
    if ((${#socket_dir} > 80)); then socket_dir=/tmp; fi
    cat >"$INFRA_PG_DATA/stock.conf" <<EOF
# Written by scripts/lib/infra.sh at every start: edit the script, not this file.
listen_addresses = '127.0.0.1${INFRA_EXTRA_ADDRESS:+,$INFRA_EXTRA_ADDRESS}'
port = $INFRA_PG_PORT
unix_socket_directories = '$socket_dir'
max_connections = $INFRA_PG_MAX_CONNECTIONS
shared_buffers = $INFRA_PG_SHARED_BUFFERS
effective_cache_size = 1GB
work_mem = 4MB
maintenance_work_mem = 64MB
max_wal_size = 1GB
min_wal_size = 256MB
checkpoint_completion_target = 0.9
# Durability is the product's promise: never turn these off.
fsync = on
synchronous_commit = on
full_page_writes = on
timezone = 'UTC'
log_timezone = 'UTC'
log_line_prefix = '%m [%p] %q%u@%d '
log_min_messages = warning
password_encryption = 'scram-sha-256'
EOF
    # Every connection shows a password, the superuser's on the local socket too: no trust, no peer.
    cat >"$INFRA_PG_DATA/pg_hba.conf" <<'EOF'
# Written by scripts/lib/infra.sh: a private server, reachable from this machine only, and every
# connection needs a password (kept in the data folder, see scripts/lib/infra.sh).
# TYPE  DATABASE  USER  ADDRESS       METHOD
local   all       all                 scram-sha-256
host    all       all   127.0.0.1/32  scram-sha-256
EOF
    if [[ -n $INFRA_EXTRA_CIDR ]]; then
        printf 'host    all       all   %s  scram-sha-256\n' "$INFRA_EXTRA_CIDR" >>"$INFRA_PG_DATA/pg_hba.conf"
    fi
    grep -q "^include_if_exists = 'stock.conf'" "$conf" ||
        printf "\n# Orleans.Stock settings (scripts/lib/infra.sh)\ninclude_if_exists = 'stock.conf'\n" >>"$conf"
    if infra_is_root; then
        chown "$INFRA_PG_OS_USER:" "$INFRA_PG_DATA/stock.conf" "$INFRA_PG_DATA/pg_hba.conf"
    fi
}

# A postmaster.pid left by a killed run: stop the server if it still runs from THIS folder
# (orphan of a killed run.sh), else drop the file so its pid can't be mistaken for a live one.
infra_pg_clear_stale() {
    local pidfile=$INFRA_PG_DATA/postmaster.pid pid
    [[ -f $pidfile ]] || return 0
    pid=$(head -n 1 "$pidfile" 2>/dev/null || true)
    if infra_pid_alive "$pid" && [[ $(readlink "/proc/$pid/cwd" 2>/dev/null) == "$(realpath "$INFRA_PG_DATA")" ]]; then
        infra_warn "PostgreSQL from a previous run still running (pid $pid); stopping it"
        infra_as_pg "$INFRA_PG_BIN/pg_ctl" -D "$INFRA_PG_DATA" -m fast -w -t 60 -s stop ||
            infra_die "could not stop the PostgreSQL left over from a previous run (pid $pid)"
    else
        infra_log "removing stale $pidfile (pid ${pid:-?} is gone)"
        rm -f "$pidfile"
    fi
}

infra_pg_start() {
    local log=$INFRA_LOG_DIR/postgres.log ticks deadline lines failures=0 error
    infra_pg_make_reachable
    infra_pg_init
    infra_pg_configure
    infra_pg_clear_stale
    infra_pg_ensure_superuser_password
    infra_require_free_port "$INFRA_PG_PORT" "PostgreSQL" "STOCK_PG_PORT / STOCK_TEST_PG_PORT"
    if [[ -f $log ]]; then mv -f "$log" "$log.prev"; fi
    : >"$log"
    if infra_is_root; then chown "$INFRA_PG_OS_USER:" "$log"; fi

    infra_log "starting PostgreSQL on 127.0.0.1:$INFRA_PG_PORT (data $INFRA_PG_DATA)"
    INFRA_PG_STARTED=1
    deadline=$((SECONDS + ${STOCK_PORT_WAIT:-120}))
    while true; do
        lines=$(wc -l <"$log")
        # -t covers crash recovery after a kill -9.
        if infra_as_pg "$INFRA_PG_BIN/pg_ctl" -D "$INFRA_PG_DATA" -l "$log" -w -t 120 -s start; then
            break
        fi
        if infra_new_log_lines "$log" "$lines" | grep -q 'Address already in use'; then
            infra_wait_busy_port "$INFRA_PG_PORT" "$deadline"
            continue
        fi
        # Right after a kill -9 the old server's children may hold its shared memory a moment.
        if ((++failures >= 3)); then
            tail -n 30 "$log" >&2
            infra_die "PostgreSQL did not start (log above, also in $log)"
        fi
        infra_warn "PostgreSQL did not start (attempt $failures); retrying"
        sleep 2
    done
    ticks=150
    until "$INFRA_PG_BIN/pg_isready" -q -h 127.0.0.1 -p "$INFRA_PG_PORT" -U postgres -d postgres; do
        ((ticks-- > 0)) || infra_die "PostgreSQL does not answer pg_isready on port $INFRA_PG_PORT"
        sleep 0.2
    done

    if ! error=$(infra_pg_psql_admin -c "select 1" 2>&1 >/dev/null); then
        infra_die "PostgreSQL refuses the superuser's password in $INFRA_PG_SUPERUSER_PASSWORD_FILE: ${error:-?}"
    fi
    # The stock role's password is set at every start (hex: nothing to quote): the file decides.
    infra_password "$INFRA_PG_STOCK_PASSWORD_FILE" INFRA_PG_STOCK_PASSWORD
    if [[ $(infra_pg_psql_admin -tAc "select 1 from pg_roles where rolname = 'stock'") != 1 ]]; then
        infra_log "creating role stock"
        infra_pg_psql_admin -c "create role stock login createdb password '$INFRA_PG_STOCK_PASSWORD'"
    else
        infra_pg_psql_admin -c "alter role stock with login password '$INFRA_PG_STOCK_PASSWORD'"
    fi
    if [[ $(infra_pg_psql_admin -tAc "select 1 from pg_database where datname = 'stock'") != 1 ]]; then
        infra_log "creating database stock"
        infra_pg_psql_admin -c "create database stock owner stock"
    fi
}

infra_pg_stop() {
    ((INFRA_PG_STARTED)) || return 0
    INFRA_PG_STARTED=0
    [[ -f $INFRA_PG_DATA/postmaster.pid ]] || return 0
    infra_log "stopping PostgreSQL"
    infra_as_pg "$INFRA_PG_BIN/pg_ctl" -D "$INFRA_PG_DATA" -m fast -w -t 60 -s stop ||
        infra_warn "pg_ctl stop failed (see $INFRA_LOG_DIR/postgres.log)"
}

# Applies scripts/sql/*.sql in name order, as the stock role (each file is idempotent).
infra_apply_sql() {
    local file files=()
    mapfile -t files < <(printf '%s\n' "$INFRA_ROOT"/scripts/sql/*.sql | LC_ALL=C sort)
    for file in "${files[@]}"; do
        [[ -f $file ]] || continue
        infra_log "applying ${file#"$INFRA_ROOT"/}"
        PGPASSWORD=$INFRA_PG_STOCK_PASSWORD PGOPTIONS='-c client_min_messages=warning' \
            "$INFRA_PG_BIN/psql" -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$INFRA_PG_PORT" -U stock -d stock -f "$file" >/dev/null ||
            infra_die "applying $file failed"
    done
}

# infra_pg_connection_string POOL_SIZE: Npgsql syntax, with the stock role's password (after
# infra_pg_start).
infra_pg_connection_string() {
    [[ -n $INFRA_PG_STOCK_PASSWORD ]] || infra_die "infra_pg_connection_string before infra_pg_start"
    printf 'Host=%s;Port=%s;Database=stock;Username=stock;Password=%s;Maximum Pool Size=%s' "${INFRA_EXTRA_ADDRESS:-127.0.0.1}" \
        "$INFRA_PG_PORT" "$INFRA_PG_STOCK_PASSWORD" "$1"
}

# ---------------------------------------------------------------------------------------------
# Redis

infra_redis_pid() { cat "$INFRA_REDIS_DIR/redis.pid" 2>/dev/null || true; }

# infra_redis_cli ARGS...: redis-cli against our Redis; the password goes through the environment
# (REDISCLI_AUTH), never the command line.
infra_redis_cli() {
    REDISCLI_AUTH=$INFRA_REDIS_PASSWORD redis-cli -h 127.0.0.1 -p "$INFRA_REDIS_PORT" "$@" 9>&-
}

# A Redis pid file left by a killed run: stop that Redis if it still runs from THIS folder,
# else remove the file.
infra_redis_clear_stale() {
    local pidfile=$INFRA_REDIS_DIR/redis.pid pid
    [[ -f $pidfile ]] || return 0
    pid=$(infra_redis_pid)
    if infra_pid_alive "$pid" && [[ $(infra_pid_cmdline "$pid") == *redis* ]] &&
        [[ $(readlink "/proc/$pid/cwd" 2>/dev/null) == "$(realpath "$INFRA_REDIS_DIR")" ]]; then
        infra_warn "Redis from a previous run still running (pid $pid); stopping it"
        # SHUTDOWN needs the password; one started by older scripts has none: SIGTERM (also a
        # clean shutdown) covers both.
        infra_redis_cli shutdown >/dev/null 2>&1 || true
        if ! infra_wait_gone "$pid" 5; then kill -TERM "$pid" 2>/dev/null || true; fi
        infra_wait_gone "$pid" 30 || infra_die "the Redis left over from a previous run (pid $pid) does not stop"
    else
        infra_log "removing stale $pidfile (pid ${pid:-?} is gone)"
    fi
    rm -f "$pidfile"
}

infra_redis_start() {
    local conf=$INFRA_REDIS_DIR/redis.conf log=$INFRA_LOG_DIR/redis.log ticks deadline lines
    # STOCK_REDIS_APPENDFSYNC: when Redis fsyncs its append-only file, which bounds what the redis
    # engine's acknowledgements can lose on an OS crash or power loss: always (every write, nothing
    # lost), everysec (default: up to about a second) or no (whenever the OS flushes).
    local appendfsync=${STOCK_REDIS_APPENDFSYNC:-everysec}
    case $appendfsync in
    always | everysec | no) ;;
    *) infra_die "STOCK_REDIS_APPENDFSYNC must be always, everysec or no, got '$appendfsync'" ;;
    esac
    infra_password "$INFRA_REDIS_PASSWORD_FILE" INFRA_REDIS_PASSWORD
    infra_redis_clear_stale
    infra_require_free_port "$INFRA_REDIS_PORT" "Redis" "STOCK_REDIS_PORT / STOCK_TEST_REDIS_PORT"
    if [[ -f $log ]]; then mv -f "$log" "$log.prev"; fi
    # It holds the password: made anew (mode 0600), never rewritten in place (an old file could be 0644).
    rm -f "$conf"
    cat >"$conf" <<EOF
# Written by scripts/lib/infra.sh at every start: edit the script, not this file.
# The password is that of $INFRA_REDIS_PASSWORD_FILE.
bind 127.0.0.1${INFRA_EXTRA_ADDRESS:+ $INFRA_EXTRA_ADDRESS}
port $INFRA_REDIS_PORT
requirepass $INFRA_REDIS_PASSWORD
daemonize yes
pidfile $INFRA_REDIS_DIR/redis.pid
logfile $log
dir $INFRA_REDIS_DIR
appendonly yes
appendfsync $appendfsync
EOF
    infra_log "starting Redis on 127.0.0.1:$INFRA_REDIS_PORT (data $INFRA_REDIS_DIR, appendfsync $appendfsync)"
    INFRA_REDIS_STARTED=1
    deadline=$((SECONDS + ${STOCK_PORT_WAIT:-120}))
    touch "$log"
    while true; do
        lines=$(wc -l <"$log")
        # Daemonized: the parent returns at once, the child binds the port (or exits).
        redis-server "$conf" </dev/null 9>&- || infra_die "redis-server failed to start (see $log)"
        ticks=150
        until [[ $(infra_redis_cli ping 2>/dev/null) == PONG ]]; do
            if infra_new_log_lines "$log" "$lines" | grep -q 'Address already in use'; then
                ticks=-1
                break
            fi
            if ((ticks-- <= 0)); then
                tail -n 20 "$log" >&2 || true
                infra_die "Redis does not answer PING on port $INFRA_REDIS_PORT (log above, also in $log)"
            fi
            sleep 0.2
        done
        ((ticks < 0)) || return 0
        infra_wait_busy_port "$INFRA_REDIS_PORT" "$deadline"
    done
}

infra_redis_stop() {
    local pid
    ((INFRA_REDIS_STARTED)) || return 0
    INFRA_REDIS_STARTED=0
    infra_log "stopping Redis"
    pid=$(infra_redis_pid)
    # SHUTDOWN flushes the append-only file before exiting.
    infra_redis_cli shutdown >/dev/null 2>&1 || true
    if [[ -n $pid ]] && ! infra_wait_gone "$pid" 30; then
        infra_warn "Redis (pid $pid) ignored SHUTDOWN; killing it"
        kill -KILL "$pid" 2>/dev/null || true
    fi
}

# StackExchange.Redis syntax, with the password (after infra_redis_start).
infra_redis_connection_string() {
    [[ -n $INFRA_REDIS_PASSWORD ]] || infra_die "infra_redis_connection_string before infra_redis_start"
    printf '%s:%s,password=%s' "${INFRA_EXTRA_ADDRESS:-127.0.0.1}" "$INFRA_REDIS_PORT" "$INFRA_REDIS_PASSWORD"
}

# ---------------------------------------------------------------------------------------------
# .NET

# dotnet VERB ARGS...: without MSBuild node reuse, the MSBuild server or the shared compiler
# server, so no build daemon outlives the script (they would inherit and hold our stdout pipe).
# Prefix for such a command when it can't go through the function (e.g. after setsid):
#   setsid "${INFRA_DOTNET[@]}" test -p:UseSharedCompilation=false ...
INFRA_DOTNET=(env DOTNET_CLI_USE_MSBUILD_SERVER=0 MSBUILDDISABLENODEREUSE=1 dotnet)
infra_dotnet() {
    local verb=$1
    shift
    "${INFRA_DOTNET[@]}" "$verb" -p:UseSharedCompilation=false "$@" 9>&-
}

infra_build() {
    infra_log "dotnet build Orleans.Stock.sln -c Release"
    infra_dotnet build "$INFRA_ROOT/Orleans.Stock.sln" -c Release -nologo -v quiet ||
        infra_die "dotnet build failed"
}

# infra_start_process NAME WORKDIR COMMAND...: background child, output to $DATA/logs/NAME.log,
# pid in $DATA/run/NAME.pid. Use `env VAR=value ...` in COMMAND for its environment.
infra_start_process() {
    local name=$1 workdir=$2 log=$INFRA_LOG_DIR/$1.log pid
    shift 2
    if [[ -f $log ]]; then mv -f "$log" "$log.prev"; fi
    (cd "$workdir" && exec "$@") >"$log" 2>&1 </dev/null 9>&- &
    pid=$!
    INFRA_PROC_NAMES+=("$name")
    INFRA_PROC_PIDS+=("$pid")
    printf '%s\n' "$pid" >"$INFRA_RUN_DIR/$name.pid"
    infra_log "started $name (pid $pid, log $log)"
}

# Sends SIGTERM, waits STOCK_STOP_TIMEOUT seconds, then SIGKILL.
infra_stop_pid() {
    local name=$1 pid=$2
    if infra_pid_alive "$pid"; then
        infra_log "stopping $name (pid $pid)"
        kill -TERM "$pid" 2>/dev/null || true
        if ! infra_wait_gone "$pid" "${STOCK_STOP_TIMEOUT:-30}"; then
            infra_warn "$name (pid $pid) did not stop in ${STOCK_STOP_TIMEOUT:-30}s; killing it"
            kill -KILL "$pid" 2>/dev/null || true
            infra_wait_gone "$pid" 5 || true
        fi
    fi
    wait "$pid" 2>/dev/null || true
}

# .NET processes a killed run.sh left behind (recorded in $DATA/run/*.pid): stop them, they
# hold the ports we need. Only pids whose command line is one of ours are touched.
infra_kill_orphans() {
    local pidfile pid name
    for pidfile in "$INFRA_RUN_DIR"/*.pid; do
        [[ -f $pidfile ]] || continue
        pid=$(cat "$pidfile" 2>/dev/null || true)
        name=$(basename "$pidfile" .pid)
        if infra_pid_alive "$pid" && [[ $(infra_pid_cmdline "$pid") == *Orleans.Stock.* ]]; then
            infra_warn "$name from a previous run is still running (pid $pid)"
            infra_stop_pid "$name" "$pid"
        fi
        rm -f "$pidfile"
    done
}

# Prints the name of the first started process that has exited, if any; false if all run.
infra_first_dead_process() {
    local i
    for i in "${!INFRA_PROC_PIDS[@]}"; do
        if ! infra_pid_alive "${INFRA_PROC_PIDS[$i]}"; then
            printf '%s\n' "${INFRA_PROC_NAMES[$i]}"
            return 0
        fi
    done
    return 1
}

# infra_tail_logs [NAME...]: last lines of the given logs (default: every process + servers).
infra_tail_logs() {
    local name log names=("$@")
    ((${#names[@]} > 0)) || names=("${INFRA_PROC_NAMES[@]}" postgres redis)
    for name in "${names[@]}"; do
        log=$INFRA_LOG_DIR/$name.log
        [[ -s $log ]] || continue
        printf -- '----- %s (last 40 lines) -----\n' "$log" >&2
        tail -n 40 "$log" >&2 || true
    done
}

# infra_wait_http URL SECONDS: until URL answers 2xx; fails early when a started process dies.
infra_wait_http() {
    local url=$1 deadline=$((SECONDS + $2)) dead
    until curl -fsS -o /dev/null --max-time 5 "$url" 2>/dev/null; do
        if dead=$(infra_first_dead_process); then
            infra_warn "$dead exited while waiting for $url"
            return 1
        fi
        ((SECONDS < deadline)) || return 1
        sleep 1
    done
}

# Blocks until a signal arrives (for --infra-only); infra_stop_all ends the sleeper.
infra_wait_forever() {
    sleep infinity 9>&- &
    INFRA_WAIT_PID=$!
    wait "$INFRA_WAIT_PID" || true
}

# Stops everything this script started, newest first. Safe to call more than once.
infra_stop_all() {
    local i
    if [[ -n $INFRA_WAIT_PID ]]; then
        kill -TERM "$INFRA_WAIT_PID" 2>/dev/null || true
        wait "$INFRA_WAIT_PID" 2>/dev/null || true
        INFRA_WAIT_PID=""
    fi
    for ((i = ${#INFRA_PROC_PIDS[@]} - 1; i >= 0; i--)); do
        infra_stop_pid "${INFRA_PROC_NAMES[$i]}" "${INFRA_PROC_PIDS[$i]}"
        rm -f "$INFRA_RUN_DIR/${INFRA_PROC_NAMES[$i]}.pid"
    done
    INFRA_PROC_NAMES=()
    INFRA_PROC_PIDS=()
    infra_redis_stop
    infra_pg_stop
}
