#!/usr/bin/env bash
# Piazza and its peers side by side: the same piazza-bench scenarios against each server, one
# server at a time, in one run on this machine; then docs/benchmarks.md from the results.
#
# usage: bench/compare.sh [--quick] [--servers "piazza ngircd inspircd redis seed"]
#                         [--skip-install] [--out FILE] [--keep] [--piazza-rev REV] [--nice N]
#                         [--scenarios "conns churn fanout-small fanout-big saturate rooms"] [--no-warm]
#   --quick         smaller numbers (about 5 minutes instead of about 15)
#   --servers       which servers to run (piazza is the baseline of every ratio)
#   --scenarios     which scenarios to run (all by default)
#   --skip-install  don't run ../shared/peers/install.sh even if a peer is missing
#   --out           where to write the report (default docs/benchmarks.md)
#   --keep          keep the work folder (results, logs, builds) in /tmp
#   --piazza-rev    measure the server as committed at REV (git archive) instead of the work tree
#   --no-warm       measure each fresh server at once, without the unmeasured warm-up pass
#   --nice          scheduling priority of the servers and the bench (default -10 as root, else 0):
#                   the machine is shared, and other work at normal priority then disturbs less
#
# Peers come from ../shared/peers (install.sh apt-installs ngircd, inspircd and redis-server:
# it needs root and the network to Debian's mirror). Every process this script starts is
# stopped by its PID when it exits, however it exits. Traffic goes to 127.0.0.0/8 only.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
PEERS=${PIAZZA_PEERS:-$ROOT/../shared/peers}

QUICK=0
SERVERS="piazza ngircd inspircd redis seed"
SCENARIOS="conns churn fanout-small fanout-big saturate rooms"
INSTALL=1
OUT=docs/benchmarks.md
KEEP=0
PIAZZA_REV=
NICE=$([ "$(id -u)" = 0 ] && echo -10 || echo 0)
WARM=1
while [ $# -gt 0 ]; do
    case $1 in
        --quick) QUICK=1 ;;
        --servers) SERVERS=$2; shift ;;
        --scenarios) SCENARIOS=$2; shift ;;
        --skip-install) INSTALL=0 ;;
        --out) OUT=$2; shift ;;
        --keep) KEEP=1 ;;
        --piazza-rev) PIAZZA_REV=$2; shift ;;
        --nice) NICE=$2; shift ;;
        --no-warm) WARM=0 ;;
        -h|--help) sed -n '2,22p' "$0"; exit 0 ;;
        *) echo "compare.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
    esac
    shift
done

# Ports of this run: away from the defaults, so a server someone left running is not measured.
PIAZZA_PORT=54391
PIAZZA_IRC_PORT=6691
NGIRCD_PORT=6701
INSPIRCD_PORT=6702
REDIS_PORT=6704
SEED_PORT=54330

WORK=$(mktemp -d /tmp/piazza-compare.XXXXXX)
RESULTS=$WORK/results.jsonl
COMMANDS=$WORK/commands.md
: > "$RESULTS"
: > "$COMMANDS"
PIAZZA_PID=
STARTED_PEERS=()

cleanup() {
    set +e
    if [ -n "$PIAZZA_PID" ] && kill -0 "$PIAZZA_PID" 2>/dev/null; then
        kill -TERM "$PIAZZA_PID"
        for _ in $(seq 50); do kill -0 "$PIAZZA_PID" 2>/dev/null || break; sleep 0.1; done
        kill -0 "$PIAZZA_PID" 2>/dev/null && kill -KILL "$PIAZZA_PID"
    fi
    for peer in "${STARTED_PEERS[@]}"; do
        "$PEERS/${peer%%:*}/stop.sh" "${peer##*:}" >/dev/null 2>&1
    done
    if [ "$KEEP" = 1 ]; then echo "compare.sh: work folder kept: $WORK"; else rm -rf "$WORK"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# As many open files as the container allows: conns opens 10,000 sockets in the bench alone.
ulimit -n "$(ulimit -Hn)"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

log() { echo "== $(date -u +%H:%M:%S) $*" >&2; }

port_free() { ! ss -Hltn "sport = :$1" 2>/dev/null | grep -q .; }

# ---------------------------------------------------------------------------------------------
# Peers: installed once from Debian's packages.
needs_install=0
for want in ngircd:/usr/sbin/ngircd inspircd:/usr/sbin/inspircd redis:/usr/bin/redis-server; do
    case " $SERVERS " in *" ${want%%:*} "*) [ -x "${want#*:}" ] || needs_install=1 ;; esac
done
if [ "$needs_install" = 1 ]; then
    if [ "$INSTALL" = 1 ]; then
        log "installing peers ($PEERS/install.sh)"
        "$PEERS/install.sh"
    else
        echo "compare.sh: a peer is missing and --skip-install was given" >&2; exit 1
    fi
fi
case " $SERVERS " in *" seed "*) command -v python3 >/dev/null || { echo "compare.sh: the seed needs python3" >&2; exit 1; } ;; esac

# ---------------------------------------------------------------------------------------------
# Builds: Release, published outside the source tree.
log "building piazza-server${PIAZZA_REV:+ as of $PIAZZA_REV} and piazza-bench (Release)"
SERVER_SRC=$ROOT
if [ -n "$PIAZZA_REV" ]; then
    # A clean copy of that commit (git archive only reads the repository).
    SERVER_SRC=$WORK/piazza-src
    mkdir -p "$SERVER_SRC"
    git -C "$ROOT" archive "$PIAZZA_REV" | tar -x -C "$SERVER_SRC"
fi
dotnet publish "$SERVER_SRC/src/Piazza.Server" -c Release -o "$WORK/server" --nologo -v quiet >&2
dotnet publish src/Piazza.Bench -c Release -o "$WORK/bench" --nologo -v quiet >&2
BENCH=(nice -n "$NICE" dotnet "$WORK/bench/piazza-bench.dll")

# ---------------------------------------------------------------------------------------------
# The scenarios, the same for every server. Quick mode keeps their shape with smaller numbers.
if [ "$QUICK" = 1 ]; then
    T=3; FANOUT_SMALL=100; FANOUT_BIG=1000; ROOMS_CLIENTS=2000; CONNS=2000
    SAT_STEPS=5; SAT_STEP=2; CHURN_T=3; WARMUP=1; WARM_T=10
else
    T=8; FANOUT_SMALL=100; FANOUT_BIG=1000; ROOMS_CLIENTS=10000; CONNS=19000
    SAT_STEPS=10; SAT_STEP=3; CHURN_T=8; WARMUP=2; WARM_T=15
fi

# bench LABEL CASE SCENARIO ARGS... : one run, its JSON line appended to the results.
bench() {
    local label=$1 case=$2 scenario=$3; shift 3
    local cmd=("${BENCH[@]}" "$scenario" --server-label "$label" --case "$case" --json-out "$RESULTS" "$@")
    log "$label: $scenario $case"
    echo "    piazza-bench $scenario --server-label $label --case '$case' ${*//$WORK/\$WORK}" | sed 's/--server-pid [0-9]*/--server-pid PID/' >> "$COMMANDS"
    # A server that fails a scenario still gets its row (with the error); the run goes on.
    "${cmd[@]}" >> "$WORK/bench.log" 2> >(grep -E '^piazza-bench|step [0-9]+:' >&2) || log "$label: $scenario $case ended with an error (see the report)"
}

# ---------------------------------------------------------------------------------------------
# Servers. Each scenario gets a freshly started server, so no run inherits another's state
# (memory, half-closed connections, a room's history) and conns reads the server's own memory.
# SERVER_PID, SERVER_PROTOCOL, SERVER_PORT, SERVER_CONCURRENCY and SERVER_CONNS_LIMIT describe
# the one running.
SERVER_PID=
start_server() {   # start_server LABEL
    SERVER_CONCURRENCY=64
    SERVER_CONNS_LIMIT=300
    SERVER_CONNECT_TIMEOUT=30
    case $1 in
        piazza|piazza-irc|piazza-nostore)
            local store=()
            # Rooms once more with the history store off: Piazza stores every room message, the
            # peers store nothing, so this row shows what storing costs (issue 16, goal 2).
            if [ "$1" = piazza-nostore ]; then store=(--History:Store=off); fi
            port_free "$PIAZZA_PORT" || { echo "compare.sh: port $PIAZZA_PORT is taken" >&2; exit 1; }
            # Limits raised to the peers' (InspIRCd's hard send queue here is 16 MiB); flood control
            # and per-IP limits off, as the peers' are (the bench's senders flood by design, from
            # 127.0.0.0/8 source addresses). HTTP off: the benchmark does not use it, and 8080 may
            # be a dev server's. Its own data folder: the default is the user's, whose history must
            # not fill with benchmark lines.
            nice -n "$NICE" dotnet "$WORK/server/piazza-server.dll" --Listen:Chat=127.0.0.1:$PIAZZA_PORT --Listen:Irc=127.0.0.1:$PIAZZA_IRC_PORT --Listen:Http=off \
                --Chat:MaxConnections=20000 --Chat:MaxSendQueueBytes=16777216 --Flood:Enabled=false --Limits:Exempt:0=127.0.0.0/8 \
                --Logging:LogLevel:Default=Warning \
                --Data:Path="$WORK/data" "${store[@]}" >> "$WORK/piazza.log" 2>&1 < /dev/null &
            PIAZZA_PID=$!
            SERVER_PID=$PIAZZA_PID
            for _ in $(seq 150); do port_free "$PIAZZA_PORT" || break; sleep 0.1; done
            port_free "$PIAZZA_PORT" && { echo "compare.sh: piazza did not start:" >&2; tail "$WORK/piazza.log" >&2; exit 1; }
            if [ "$1" = piazza-irc ]; then SERVER_PROTOCOL=irc; SERVER_PORT=$PIAZZA_IRC_PORT; else SERVER_PROTOCOL=plain; SERVER_PORT=$PIAZZA_PORT; fi
            ;;
        # ngIRCd resets or stalls some connections in a connect storm: fewer at once, more patience.
        ngircd)   start_peer ngircd "$NGIRCD_PORT"; SERVER_PROTOCOL=irc; SERVER_PORT=$NGIRCD_PORT; SERVER_CONCURRENCY=32; SERVER_CONNECT_TIMEOUT=120 ;;
        # InspIRCd completes registrations on its 1-second tick: many at once keeps connecting short.
        inspircd) start_peer inspircd "$INSPIRCD_PORT"; SERVER_PROTOCOL=irc; SERVER_PORT=$INSPIRCD_PORT; SERVER_CONCURRENCY=512 ;;
        redis)    start_peer redis "$REDIS_PORT"; SERVER_PROTOCOL=redis; SERVER_PORT=$REDIS_PORT ;;
        # The seed listens with a backlog of 5 and starts a thread per client (a dozen or so a
        # second here): connect a few at a time, and give conns a minute.
        seed)     start_peer seed "$SEED_PORT"; SERVER_PROTOCOL=line; SERVER_PORT=$SEED_PORT; SERVER_CONCURRENCY=4; SERVER_CONNS_LIMIT=60 ;;
        *) echo "compare.sh: unknown server $1" >&2; exit 2 ;;
    esac
}

stop_server() {   # stop_server LABEL
    case $1 in
        piazza|piazza-irc|piazza-nostore)
            kill -TERM "$PIAZZA_PID" 2>/dev/null || true
            wait "$PIAZZA_PID" 2>/dev/null || true
            PIAZZA_PID=
            ;;
        *) stop_peer "$1" "$(peer_port "$1")" ;;
    esac
    SERVER_PID=
}

peer_port() {
    case $1 in ngircd) echo "$NGIRCD_PORT" ;; inspircd) echo "$INSPIRCD_PORT" ;; redis) echo "$REDIS_PORT" ;; seed) echo "$SEED_PORT" ;; esac
}

start_peer() {   # start_peer NAME PORT : sets SERVER_PID
    local name=$1 port=$2
    port_free "$port" || { echo "compare.sh: port $port is taken; stop what listens there" >&2; exit 1; }
    STARTED_PEERS+=("$name:$port")
    nice -n "$NICE" "$PEERS/$name/start.sh" "$port" >&2
    SERVER_PID=$(cat "/tmp/lg-peer-$name-$port/pid")
}

stop_peer() {
    "$PEERS/$1/stop.sh" "$2" >&2
}

# run_scenario SCENARIO LABEL : one scenario against the running server.
run_scenario() {
    local common=(-p "$SERVER_PROTOCOL" --port "$SERVER_PORT" --server-pid "$SERVER_PID" --connect-concurrency "$SERVER_CONCURRENCY" --connect-timeout "$SERVER_CONNECT_TIMEOUT")
    case $1 in
        conns) bench "$2" "K=$CONNS" conns "${common[@]}" --clients "$CONNS" --source-addresses 64 --hold 5 --connect-time-limit "$SERVER_CONNS_LIMIT" ;;
        churn) bench "$2" "50 at once" churn "${common[@]}" --concurrency 50 --duration "$CHURN_T" --source-addresses 64 ;;
        fanout-small) bench "$2" "C=$FANOUT_SMALL" fanout "${common[@]}" --clients "$FANOUT_SMALL" --senders 10 --rate 1000 --duration "$T" --warmup "$WARMUP" ;;
        fanout-big) bench "$2" "C=$FANOUT_BIG" fanout "${common[@]}" --clients "$FANOUT_BIG" --senders 10 --rate 1000 --duration "$T" --warmup "$WARMUP" ;;
        saturate) bench "$2" "C=100, rising rate" saturate "${common[@]}" --clients 100 --senders 10 --start-rate 2000 --step-factor 1.5 \
            --step-duration "$SAT_STEP" --max-steps "$SAT_STEPS" --max-p99-ms 100 ;;
        rooms) bench "$2" "C=$ROOMS_CLIENTS in rooms of 5" rooms "${common[@]}" --clients "$ROOMS_CLIENTS" --room-size 5 --senders-per-room 1 \
            --rate 2000 --duration "$T" --warmup "$WARMUP" --source-addresses 32 ;;
    esac
}

# warm_scenario SCENARIO LABEL : the same traffic, unmeasured, against the fresh server first.
# The servers run for days, so their steady state is what counts: .NET compiles its hot code
# in tiers during the first ten seconds or so of traffic (perf, 2026-12-07: the JIT took 15 % of
# Piazza's CPU 6-11 s after start, 8 % at 14 s over IRC, nothing after 20 s), which a fresh
# server's measured window would otherwise include; a pass that ends in the thick of the tier-1
# recompiles measures worse than none (churn: 5 s did, 15 s was enough). Every server gets the
# same pass; conns is not warmed (it measures memory from a fresh start).
warm_scenario() {
    [ "$WARM" = 1 ] || return 0
    local common=(-p "$SERVER_PROTOCOL" --port "$SERVER_PORT" --server-pid "$SERVER_PID" --connect-concurrency "$SERVER_CONCURRENCY" --connect-timeout "$SERVER_CONNECT_TIMEOUT")
    local args
    case $1 in
        churn) args=(churn --concurrency 50 --duration "$WARM_T" --source-addresses 64) ;;
        fanout-small|saturate) args=(fanout --clients "$FANOUT_SMALL" --senders 10 --rate 1000 --duration "$WARM_T" --warmup 0) ;;
        fanout-big) args=(fanout --clients "$FANOUT_BIG" --senders 10 --rate 1000 --duration "$WARM_T" --warmup 0) ;;
        rooms) args=(rooms --clients "$ROOMS_CLIENTS" --room-size 5 --senders-per-room 1 --rate 2000 --duration "$WARM_T" --warmup 0 --source-addresses 32) ;;
        *) return 0 ;;
    esac
    log "$2: warm-up ($1 traffic for $WARM_T s, not measured)"
    "${BENCH[@]}" "${args[0]}" "${common[@]}" "${args[@]:1}" >> "$WORK/warm.log" 2>&1 || log "$2: the warm-up ended with an error (see $WORK/warm.log)"
}

# ---------------------------------------------------------------------------------------------
LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
RUN_START=$(date +%s)

# Piazza over IRC too, when this build of it has IRC (its IRC port answers).
LABELS=
for server in $SERVERS; do
    LABELS="$LABELS $server"
    if [ "$server" = piazza ]; then
        start_server piazza
        if ! port_free "$PIAZZA_IRC_PORT"; then LABELS="$LABELS piazza-irc"; fi
        LABELS="$LABELS piazza-nostore"
        stop_server piazza
    fi
done

# Scenario by scenario, each server in turn: the machine's background noise then falls on all
# servers of a table alike, rather than on the whole of one server's runs.
for scenario in $SCENARIOS; do
    for label in $LABELS; do
        if [ "$label" = seed ] && [ "$scenario" = rooms ]; then continue; fi   # the seed has one room
        if [ "$label" = piazza-nostore ] && [ "$scenario" != rooms ]; then continue; fi
        start_server "$label"
        warm_scenario "$scenario" "$label"
        run_scenario "$scenario" "$label"
        stop_server "$label"
    done
done

# ---------------------------------------------------------------------------------------------
# The report: machine, versions, the exact commands, then the tables.
version() { "$@" 2>/dev/null | head -1 || echo "not installed"; }
{
    echo "# Benchmarks: Piazza side by side with other chat servers"
    echo
    echo "Written by \`bench/compare.sh$([ "$QUICK" = 1 ] && echo " --quick")$([ -n "$PIAZZA_REV" ] && echo " --piazza-rev $PIAZZA_REV")$([ "$WARM" = 0 ] && echo " --no-warm")\` on $(date -u '+%Y-%m-%d %H:%M UTC') (the runs took $(( ($(date +%s) - RUN_START) / 60 )) minutes). Scenario by scenario,"
    echo "each server in turn was started afresh, measured by the same piazza-bench run and stopped, so"
    echo "only one server ran at a time; the bench shared the cores with it. These machines are shared"
    echo "and noisy (see the load below): compare ratios within a table, not absolute figures across"
    echo "runs. How to read and rerun: see the end."
    echo
    echo "## Machine"
    echo
    echo "- CPU: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')"
    echo "- Memory: $(free -g | awk '/^Mem:/{print $2}') GiB; kernel $(uname -r); open files per process: $(ulimit -n)"
    echo "- Load average (1, 5, 15 min) before the run: $LOAD_BEFORE; after it: $(cut -d' ' -f1-3 /proc/loadavg)"
    echo "- The servers and the bench ran at nice $NICE (other work on the machine at 0)"
    echo
    echo "## Versions"
    echo
    if [ -n "$PIAZZA_REV" ]; then piazza_version=$(git -C "$ROOT" rev-parse --short "$PIAZZA_REV"); else piazza_version="$(git -C "$ROOT" describe --always --dirty 2>/dev/null || echo unknown) (the work tree)"; fi
    echo "- Piazza: $piazza_version, Release, .NET SDK $(dotnet --version)"
    echo "- ngIRCd: $(version /usr/sbin/ngircd --version)"
    echo "- InspIRCd: $(dpkg-query -W -f='${Version}' inspircd 2>/dev/null || echo unknown)"
    echo "- Redis: $(version redis-server --version)"
    echo "- The seed: ../shared/peers/seed/server.py on $(version python3 --version)"
    echo
    echo "## Commands"
    echo
    echo "Piazza ran as \`dotnet piazza-server.dll --Listen:Chat=127.0.0.1:$PIAZZA_PORT --Listen:Irc=127.0.0.1:$PIAZZA_IRC_PORT --Listen:Http=off --Chat:MaxConnections=20000 --Chat:MaxSendQueueBytes=16777216 --Flood:Enabled=false --Limits:Exempt:0=127.0.0.0/8\` (piazza-nostore: the same with \`--History:Store=off\`);"
    echo "the peers with ../shared/peers/NAME/start.sh PORT (their flood and per-IP limits lifted)."
    echo "Each row is one piazza-bench run (\`dotnet run -c Release --project src/Piazza.Bench -- …\`):"
    echo
    cat "$COMMANDS"
} > "$WORK/header.md"
cat >> "$WORK/header.md" <<'EOF'

## How to read this

- **fanout**: C clients in one room; 10 of them send 1,000 messages/s in all, open loop (on a
  schedule, never waiting for replies), for the duration after a warm-up. Every message carries
  its sender, its number and its due time, so loss, duplicates and reordering are counted, not
  assumed. Latency runs from when the message was due (or, if the bench's timer woke late,
  from when it woke) to when the receiver read it. *Server CPU-s per M deliveries* is the
  server's user+system CPU time in the window (/proc/PID/stat) over the deliveries made.
- **lost** is what had not arrived when the drain ended (nothing new for 2 s, or 10 s after
  the last send): lost outright, or so late that it did not count. *dup* and *out of order*
  are per (sender, receiver) pair; *malformed* lines held a cut message (the seed relays raw
  1 KiB reads, so a line can be split, and the halves are lost).
- **saturate**: 100 clients, 10 senders; the offered rate grows ×1.5 a step until deliveries
  stop growing by 5 %, loss passes 0.1 % or p99 passes 100 ms; the best step that held counts.
  The bench shares the two cores, so near saturation it competes with the server: its own
  share is in *bench cores*.
- **rooms**: many rooms of 5 (one sender each), 2,000 messages/s in all — the everyday load.
- **conns**: idle registered clients in no room; *KiB per connection* is the server's resident
  memory with them minus before, over their number; the server's memory is read again 2 s
  (*RSS after close*) and 10 s (*RSS later*) after they close: what it has given back by then.
- **churn**: 50 clients at a time that connect, register, join a room, say a line and quit.
- **Warm-up pass**: before each measured run but conns, the fresh server gets the same traffic
  unmeasured for a few seconds (fanout for saturate), every server alike (`--no-warm` leaves it
  out). The servers are meant to run for days, so the steady state is what counts: .NET compiles
  its hot code in tiers during the first ten seconds or so of traffic, which a fresh server's
  window would otherwise include (perf: the JIT took 15 % of Piazza's CPU 6–11 s after start).
- Piazza speaks its plain protocol here; the IRC servers are driven as IRC clients (NICK/USER,
  JOIN, PRIVMSG), Redis by SUBSCRIBE/PUBLISH (a subscriber also receives its own messages, so
  its audience is C, not C−1), the seed by raw lines (it has one room, so no rooms row).
- Rerun: `bench/compare.sh` (about 20 minutes) or `bench/compare.sh --quick`; the raw result
  lines of the last run are in bench/last-run.jsonl (`piazza-bench report --input FILE` renders them).

## Microbenchmarks of the hot paths

    dotnet run -c Release --project bench/Piazza.Microbench -- --filter '*'

BenchmarkDotNet, in-process and short (a shared machine makes the last nanosecond
meaningless): parsing a line (plain and IRC), encoding a broadcast (plain and IRC), enqueueing
one message to 1,000 members' send queues, and piazza-bench's own cost per delivery.

## piazza-bench on its own

    dotnet run -c Release --project src/Piazza.Bench -- fanout --clients 1000 --senders 10 --rate 1000 --duration 10 --server-pid PID
    dotnet run -c Release --project src/Piazza.Bench -- saturate -p irc --port 6667
    dotnet run -c Release --project src/Piazza.Bench -- rooms --clients 10000 --room-size 5 --rate 2000
    dotnet run -c Release --project src/Piazza.Bench -- conns --clients 19000 --source-addresses 64
    dotnet run -c Release --project src/Piazza.Bench -- churn --concurrency 50 --duration 10

Against Piazza, start the server with `--Flood:Enabled=false --Limits:Exempt:0=127.0.0.0/8`
(flood control and per-IP limits off: the bench floods by design).
Protocols: `-p plain` (Piazza's chat port, the default), `-p line` (any server that relays
lines: the seed), `-p irc`, `-p redis`. It prints a live line a second on stderr, then the
figures as a table and as one JSON line on stdout (`--json-out FILE` appends it to FILE). It
only targets loopback addresses, bounds every loop in count and time (`--max-seconds`, 900 by
default) and raises its own open-file limit to the hard limit. `--help` on any scenario lists
its options. For a cluster:

- `--more-ports P2,P3,...`: further nodes on the same `--host`; clients are spread round-robin over `--port` and these (client i to node i mod N), and the result's `endpoint` lists them all.
- `--more-server-pids N2,N3,...`: further PIDs (with `--server-pid`) whose CPU time and memory are added to its own, so the server figures are the cluster's total (peak RSS: the sum of each one's peak).
EOF

log "writing $OUT"
# Hand-written notes below the marker line survive a rewrite (update them for the new figures).
MARKER='<!-- compare.sh keeps everything below this line when it rewrites the file -->'
if [ -f "$OUT" ] && grep -qF "$MARKER" "$OUT"; then
    awk -v marker="$MARKER" 'kept || $0 == marker { kept = 1; print }' "$OUT" > "$WORK/kept.md"
fi
"${BENCH[@]}" report --input "$RESULTS" --header "$WORK/header.md" --output "$OUT"
if [ -s "$WORK/kept.md" ]; then
    { echo; cat "$WORK/kept.md"; } >> "$OUT"
fi
# The raw result lines, to rerender the report: piazza-bench report --input bench/last-run.jsonl
# (beside the report instead when --out writes it elsewhere, so a trial run leaves them alone).
RAW=bench/last-run.jsonl
[ "$OUT" = docs/benchmarks.md ] || RAW=${OUT%.md}.jsonl
cp "$RESULTS" "$RAW"
log "done: $OUT (raw results: $RAW)"
