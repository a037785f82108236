#!/usr/bin/env bash
# deploy/cluster.sh up|down|status — a Piazza cluster on one machine, on 127.0.0.1 only (issue 17):
#   Redis        127.0.0.1:56379
#   PostgreSQL   127.0.0.1:55432, database piazza, trust authentication (loopback only)
#   node N=1..3  chat 127.0.0.1:5433N, IRC 127.0.0.1:667N, HTTP 127.0.0.1:808N, history in PostgreSQL
#
#   up      installs redis-server and postgresql if missing (apt-get, as root), builds the server,
#           starts what is not running yet, and returns once every node accepts connections on its
#           chat port (or stops what it started, showing why). Running it again says "already up".
#   down    stops exactly what up started, by the process ids it recorded (PostgreSQL with a fast
#           shutdown); nothing else. Idempotent. The data stays: remove the state folder to start afresh.
#   status  what runs.
#
# Environment:
#   PIAZZA_CLUSTER_DIR      the state folder (default /tmp/piazza-cluster): bin/ (the server),
#                           postgres/ (its data), redis/, nodeN/ (Data:Path), *.pid, *.log
#   PIAZZA_NODE_ARGS        more server settings for every node, split on spaces; {N} becomes the
#                           node's number (e.g. "--Irc:Motd:0=I_am_node{N}")
#   PIAZZA_CLUSTER_TIMEOUT  seconds up waits for everything to accept connections (default 120)
#   PIAZZA_PG_BIN           PostgreSQL's bin folder (default: the newest /usr/lib/postgresql/N/bin)
set -euo pipefail

# The cluster's own settings for every node, appended to its arguments ({N}: the node's number):
# each node is an Orleans silo listening for the others on 127.0.0.1:1111N, its membership in
# this script's Redis (README, "A cluster on one machine"); every node lists the three nodes' web
# addresses, so a web page served by one reconnects through the others when it dies.
CLUSTER_ARGS="--Cluster:Enabled=true --Cluster:Redis=127.0.0.1:56379 --Cluster:Node=node{N} --Cluster:Silo=127.0.0.1:1111{N}"
CLUSTER_ARGS+=" --Http:Nodes:0=http://127.0.0.1:8081 --Http:Nodes:1=http://127.0.0.1:8082 --Http:Nodes:2=http://127.0.0.1:8083"

REPO=$(cd "$(dirname "$0")/.." && pwd)
STATE=${PIAZZA_CLUSTER_DIR:-/tmp/piazza-cluster}
TIMEOUT=${PIAZZA_CLUSTER_TIMEOUT:-120}
REDIS_PORT=56379
PG_PORT=55432
PG_DATABASE=piazza
NODES=(1 2 3)

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

say() { echo "cluster: $*"; }
fail() { echo "cluster: $*" >&2; exit 1; }
is_root() { [ "$(id -u)" -eq 0 ]; }

chat_port() { echo "5433$1"; }

# --- processes, by the ids up recorded -------------------------------------------------------

# A pid file's process, if it still runs and is still the program up started (a recycled pid is
# not ours): prints the pid.
running() {   # running NAME PATTERN
    local file="$STATE/$1.pid" pid
    [ -f "$file" ] || return 1
    pid=$(cat "$file")
    [[ $pid =~ ^[0-9]+$ ]] || return 1
    kill -0 "$pid" 2>/dev/null || return 1
    tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -q -- "$2" || return 1
    echo "$pid"
}

pattern() {   # the command line each component's process has
    case $1 in
        redis) echo "redis-server" ;;
        postgres) echo "bin/postgres -D" ;;
        node*) echo "piazza-server.dll" ;;
    esac
}

accepts() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# A node's chat port accepts. The probe speaks IRC (CAP LS makes the port take it for IRC, then
# QUIT ends it before registration): a silent connection would become a plain-protocol guest,
# who joins the lobby and quits in front of whoever is there, and a plain line would be said there.
node_accepts() { (exec 3<>"/dev/tcp/127.0.0.1/$1" && printf 'CAP LS 302\r\nQUIT\r\n' >&3) 2>/dev/null; }

# Stops one component by its recorded pid: SIGTERM (SIGINT, PostgreSQL's fast shutdown, for
# postgres), then SIGKILL (SIGQUIT, its immediate shutdown) if it has not exited within 30 s.
stop() {   # stop NAME
    local name=$1 pid signal=TERM hard=KILL
    if pid=$(running "$name" "$(pattern "$name")"); then
        [ "$name" = postgres ] && { signal=INT; hard=QUIT; }
        kill -"$signal" "$pid" 2>/dev/null || true
        for _ in $(seq 300); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
        if kill -0 "$pid" 2>/dev/null; then
            say "$name (pid $pid) did not stop within 30 s: SIG$hard"
            kill -"$hard" "$pid" 2>/dev/null || true
            for _ in $(seq 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
        fi
        say "$name stopped (pid $pid)"
    fi
    rm -f "$STATE/$name.pid"
}

# Starts a program in the background in a session of its own (no terminal's hangup or Ctrl-C
# reaches it), output to LOG; records its pid. setsid does not fork here (a background job of a
# script leads no process group), so $! is the program itself.
start_bg() {   # start_bg NAME LOG COMMAND...
    local name=$1 log=$2
    shift 2
    setsid "$@" >>"$log" 2>&1 </dev/null &
    echo $! >"$STATE/$name.pid"
}

# --- installing and building -----------------------------------------------------------------

pg_bin() {
    if [ -n "${PIAZZA_PG_BIN:-}" ]; then
        [ -x "$PIAZZA_PG_BIN/postgres" ] && echo "$PIAZZA_PG_BIN"
        return
    fi
    local version
    version=$(find /usr/lib/postgresql -mindepth 1 -maxdepth 1 -name '[0-9]*' -printf '%f\n' 2>/dev/null | sort -n | tail -n 1)
    [ -n "$version" ] && [ -x "/usr/lib/postgresql/$version/bin/postgres" ] && echo "/usr/lib/postgresql/$version/bin"
}

install_missing() {
    local missing=()
    command -v redis-server >/dev/null || missing+=(redis-server)
    [ -n "$(pg_bin)" ] || missing+=(postgresql)
    [ ${#missing[@]} -eq 0 ] && return
    is_root || fail "${missing[*]} missing: run as root to install, or apt-get install ${missing[*]}"
    say "installing ${missing[*]} (apt-get)"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
    # Debian may start its own Redis (6379) and PostgreSQL (5432) as services on install: they are
    # not this cluster's, and are left alone (other ports).
}

build() {
    command -v dotnet >/dev/null || fail "dotnet SDK not found on PATH"
    say "building the server into $STATE/bin (log: $STATE/build.log)"
    if ! dotnet build "$REPO/src/Piazza.Server" -c Release -o "$STATE/bin" -nologo -v quiet >"$STATE/build.log" 2>&1; then
        tail -n 30 "$STATE/build.log" >&2
        fail "the build failed (log: $STATE/build.log)"
    fi
}

# --- the components --------------------------------------------------------------------------

start_redis() {
    mkdir -p "$STATE/redis"
    start_bg redis "$STATE/redis.log" redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --protected-mode yes \
        --save "" --appendonly no --dir "$STATE/redis" --daemonize no --logfile ""
}

# PostgreSQL refuses to run as root: then initdb and postgres run as the postgres system user
# (runuser), in a folder it owns. No Unix socket: TCP on 127.0.0.1 only.
as_pg() { if is_root; then runuser -u postgres -- "$@"; else "$@"; fi; }

start_postgres() {
    local bin data="$STATE/postgres"
    bin=$(pg_bin)
    if [ ! -f "$data/PG_VERSION" ]; then
        mkdir -p "$data"
        is_root && chown postgres:postgres "$data"
        as_pg "$bin/initdb" -D "$data" -U postgres -A trust -E UTF8 --locale=C >"$STATE/initdb.log" 2>&1 \
            || { cat "$STATE/initdb.log" >&2; fail "initdb failed"; }
        cat >>"$data/postgresql.conf" <<EOF

# deploy/cluster.sh: loopback only, no Unix socket.
listen_addresses = '127.0.0.1'
port = $PG_PORT
unix_socket_directories = ''
EOF
    fi
    touch "$STATE/postgres.log"
    is_root && chown postgres:postgres "$STATE/postgres.log"
    if is_root; then
        start_bg postgres "$STATE/postgres.log" runuser -u postgres -- "$bin/postgres" -D "$data"
    else
        start_bg postgres "$STATE/postgres.log" "$bin/postgres" -D "$data"
    fi
}

create_database() {
    local bin
    bin=$(pg_bin)
    if [ "$("$bin/psql" -h 127.0.0.1 -p "$PG_PORT" -U postgres -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname = '$PG_DATABASE'")" != 1 ]; then
        "$bin/createdb" -h 127.0.0.1 -p "$PG_PORT" -U postgres -E UTF8 -T template0 "$PG_DATABASE"
        say "database $PG_DATABASE created"
    fi
}

node_args() {   # node_args N : one argument a line
    local n=$1 extra words
    printf '%s\n' \
        "--Listen:Chat=127.0.0.1:5433$n" "--Listen:Irc=127.0.0.1:667$n" "--Listen:Http=127.0.0.1:808$n" "--Listen:Tls=off" \
        "--Data:Path=$STATE/node$n" "--History:Store=postgresql" \
        "--History:Postgres=Host=127.0.0.1;Port=$PG_PORT;Username=postgres;Database=$PG_DATABASE" \
        "--Irc:ServerName=node$n.piazza.local"
    extra="${PIAZZA_NODE_ARGS:-} $CLUSTER_ARGS"
    read -ra words <<<"${extra//\{N\}/$n}"
    [ ${#words[@]} -eq 0 ] || printf '%s\n' "${words[@]}"
}

start_node() {
    local n=$1 args
    mkdir -p "$STATE/node$n"
    mapfile -t args < <(node_args "$n")
    echo "--- $(date -Is) up: dotnet piazza-server.dll ${args[*]}" >>"$STATE/node$n.log"
    start_bg "node$n" "$STATE/node$n.log" dotnet "$STATE/bin/piazza-server.dll" "${args[@]}"
}

# What up starts, in order (down stops them in reverse).
COMPONENTS=(redis postgres node1 node2 node3)
port_of() {
    case $1 in
        redis) echo "$REDIS_PORT" ;;
        postgres) echo "$PG_PORT" ;;
        node*) chat_port "${1#node}" ;;
    esac
}

# Whether NAME serves: PostgreSQL once it takes queries (it accepts connections earlier, to
# refuse them while it starts), the others once they accept connections.
ready() {
    case $1 in
        postgres) "$(pg_bin)/pg_isready" -q -h 127.0.0.1 -p "$PG_PORT" ;;
        node*) node_accepts "$(port_of "$1")" ;;
        *) accepts "$(port_of "$1")" ;;
    esac
}

# Waits until NAME is ready; false if it exits or the time is up.
wait_for() {   # wait_for NAME DEADLINE(epoch s)
    local name=$1 deadline=$2 port
    port=$(port_of "$name")
    while [ "$(date +%s)" -lt "$deadline" ]; do
        running "$name" "$(pattern "$name")" >/dev/null || { say "$name exited" >&2; return 1; }
        ready "$name" && return 0
        sleep 0.5
    done
    say "$name does not accept connections on 127.0.0.1:$port after ${TIMEOUT} s" >&2
    return 1
}

STARTED=()
stop_started() { local i; for ((i = ${#STARTED[@]} - 1; i >= 0; i--)); do stop "${STARTED[i]}"; done; }

give_up() {   # shows why NAME failed, stops what this run started, exits 1
    local name=$1
    echo "--- the end of $STATE/$name.log:" >&2
    tail -n 25 "$STATE/$name.log" >&2 || true
    stop_started
    fail "up failed: $name did not start"
}

# Starts NAME unless it runs already; refuses a port something else holds (a foreign listener
# would look like ours accepting).
launch() {   # launch NAME COMMAND...
    local name=$1 pid
    shift
    if pid=$(running "$name" "$(pattern "$name")"); then
        say "$name already running (pid $pid)"
        return
    fi
    if accepts "$(port_of "$name")"; then
        stop_started
        fail "127.0.0.1:$(port_of "$name") is taken by something else: $name cannot start"
    fi
    "$@"
    STARTED+=("$name")
}

up() {
    local all=1 name deadline n
    for name in "${COMPONENTS[@]}"; do running "$name" "$(pattern "$name")" >/dev/null || all=0; done
    if [ "$all" = 1 ]; then
        say "already up"
        status
        return
    fi

    # A port held by another program fails now, not after the build (launch checks again).
    for name in "${COMPONENTS[@]}"; do
        if ! running "$name" "$(pattern "$name")" >/dev/null && accepts "$(port_of "$name")"; then
            fail "127.0.0.1:$(port_of "$name") is taken by something else: $name cannot start"
        fi
    done

    mkdir -p "$STATE"
    install_missing
    # A build would overwrite the assemblies a running node has mapped: with one running, the
    # others start from the build it runs.
    if running node1 "$(pattern node1)" >/dev/null || running node2 "$(pattern node2)" >/dev/null || running node3 "$(pattern node3)" >/dev/null; then
        say "a node runs: not rebuilding, the others start from $STATE/bin"
    else
        build
    fi
    deadline=$(($(date +%s) + TIMEOUT))

    launch redis start_redis
    wait_for redis "$deadline" || give_up redis
    say "redis up on 127.0.0.1:$REDIS_PORT (pid $(cat "$STATE/redis.pid"))"

    launch postgres start_postgres
    wait_for postgres "$deadline" || give_up postgres
    # runuser stays the parent of postgres: record the postmaster itself, the one to signal.
    head -n 1 "$STATE/postgres/postmaster.pid" >"$STATE/postgres.pid"
    create_database || give_up postgres
    say "postgres up on 127.0.0.1:$PG_PORT, database $PG_DATABASE (pid $(cat "$STATE/postgres.pid"))"

    for n in "${NODES[@]}"; do launch "node$n" start_node "$n"; done
    for n in "${NODES[@]}"; do
        wait_for "node$n" "$deadline" || give_up "node$n"
        say "node$n up: chat 127.0.0.1:$(chat_port "$n"), IRC 127.0.0.1:667$n, HTTP 127.0.0.1:808$n (pid $(cat "$STATE/node$n.pid"))"
    done
    say "up (state and logs in $STATE; stop with: $0 down)"
    say "chat: dotnet run --project $REPO/src/Piazza.Client -- --server 127.0.0.1:54331,127.0.0.1:54332,127.0.0.1:54333"
    say "   or http://127.0.0.1:8081/ in a browser (either way, when a node dies you move to the next)"
}

down() {
    local i
    [ -d "$STATE" ] || { say "nothing to stop (no $STATE)"; return; }
    for ((i = ${#COMPONENTS[@]} - 1; i >= 0; i--)); do stop "${COMPONENTS[i]}"; done
    say "down"
}

status() {
    local name pid
    [ -d "$STATE" ] || { say "not up (no $STATE)"; return; }
    for name in "${COMPONENTS[@]}"; do
        if pid=$(running "$name" "$(pattern "$name")"); then
            if ready "$name"; then
                printf '%-9s running   pid %-8s 127.0.0.1:%s\n' "$name" "$pid" "$(port_of "$name")"
            else
                printf '%-9s starting  pid %-8s 127.0.0.1:%s (not accepting yet)\n' "$name" "$pid" "$(port_of "$name")"
            fi
        else
            printf '%-9s stopped\n' "$name"
        fi
    done
}

case ${1:-} in
    up) up ;;
    down) down ;;
    status) status ;;
    *) echo "usage: $0 up|down|status" >&2; exit 2 ;;
esac
