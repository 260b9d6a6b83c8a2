#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for jpki-platform's PostgreSQL store tests: Debian's
# `postgresql` package (installed with apt-get when initdb is missing), a temporary directory,
# trust authentication on 127.0.0.1 only, a free local port, a fresh database.
#
# Run it:
#   scripts/postgres.sh start [PORT]     prints postgres://postgres@127.0.0.1:PORT/jpki_platform
#   scripts/postgres.sh stop URL|PORT|DIR stops that cluster and removes its directory
#   scripts/postgres.sh run [--port PORT] -- COMMAND...
#                                        starts one, runs COMMAND with JPKI_PLATFORM_POSTGRES_URL
#                                        set, stops it whatever COMMAND does; COMMAND's status
# Or source it and call the functions:
#   source scripts/postgres.sh
#   url=$(postgres_start) ... postgres_stop "$url"
#   (postgres_start also sets POSTGRES_URL and POSTGRES_DIR when not called in a subshell.)
#
# As root the server runs as the `postgres` user (the package creates it; a system user
# `jpki-postgres` is created when it is missing): PostgreSQL refuses to run as root.
# Environment: POSTGRES_DATABASE (default jpki_platform), POSTGRES_BIN (the binaries' directory,
# default the newest /usr/lib/postgresql/*/bin), POSTGRES_START_TIMEOUT (seconds, default 30).

# The newest installed /usr/lib/postgresql/VERSION/bin, if any.
postgres_newest_bin() {
    local candidate
    for candidate in /usr/lib/postgresql/*/bin; do
        [ -x "$candidate/initdb" ] && echo "$candidate"
    done | sort -V | tail -n 1
}

# The directory of the PostgreSQL binaries; installs the package when there is none.
postgres_bin() {
    if [ -n "${POSTGRES_BIN:-}" ]; then
        echo "$POSTGRES_BIN"
        return 0
    fi
    local bin
    bin=$(postgres_newest_bin)
    if [ -z "$bin" ] || [ ! -x "$bin/initdb" ]; then
        if ! command -v apt-get >/dev/null 2>&1; then
            echo "postgres.sh: no PostgreSQL (initdb) and no apt-get: install PostgreSQL" >&2
            return 1
        fi
        local sudo=""
        [ "$(id -u)" -eq 0 ] || sudo="sudo"
        echo "postgres.sh: installing postgresql ..." >&2
        $sudo apt-get update -qq >/dev/null || return 1
        # The package's own cluster is not used (and not started in a container without init).
        DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends postgresql \
            >/dev/null || return 1
        bin=$(postgres_newest_bin)
    fi
    if [ -z "$bin" ] || [ ! -x "$bin/initdb" ]; then
        echo "postgres.sh: initdb not found under /usr/lib/postgresql/*/bin" >&2
        return 1
    fi
    echo "$bin"
}

# The user the server runs as: the current one, or as root `postgres` (created if missing).
postgres_user() {
    if [ "$(id -u)" -ne 0 ]; then
        id -un
        return 0
    fi
    if id postgres >/dev/null 2>&1; then
        echo postgres
        return 0
    fi
    if ! id jpki-postgres >/dev/null 2>&1; then
        useradd --system --no-create-home --shell /usr/sbin/nologin jpki-postgres >&2 || return 1
    fi
    echo jpki-postgres
}

# Runs a command as the server's user.
postgres_as() {
    local user=$1
    shift
    if [ "$(id -u)" -eq 0 ] && [ "$user" != root ]; then
        runuser -u "$user" -- "$@"
    else
        "$@"
    fi
}

# Whether something listens on 127.0.0.1:PORT.
postgres_port_in_use() {
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

# A port nothing listens on, at random in 20000-59999.
postgres_free_port() {
    local port
    for _ in $(seq 1 100); do
        port=$((20000 + RANDOM % 40000))
        if ! postgres_port_in_use "$port"; then
            echo "$port"
            return 0
        fi
    done
    echo "postgres.sh: no free port found" >&2
    return 1
}

# Starts a cluster on PORT (or a free port) and prints its URL. Sets POSTGRES_URL and
# POSTGRES_DIR in the calling shell.
postgres_start() {
    local requested_port=${1:-}
    local bin user database timeout
    bin=$(postgres_bin) || return 1
    user=$(postgres_user) || return 1
    database=${POSTGRES_DATABASE:-jpki_platform}
    timeout=${POSTGRES_START_TIMEOUT:-30}
    local superuser=postgres

    local attempts=1
    [ -n "$requested_port" ] || attempts=5
    local port dir
    for _ in $(seq 1 "$attempts"); do
        if [ -n "$requested_port" ]; then
            port=$requested_port
            if postgres_port_in_use "$port"; then
                echo "postgres.sh: port $port is in use" >&2
                return 1
            fi
        else
            port=$(postgres_free_port) || return 1
        fi
        dir=$(mktemp -d "${TMPDIR:-/tmp}/jpki-postgres-$port-XXXXXX") || return 1
        chmod 700 "$dir"
        mkdir "$dir/data" "$dir/socket"
        [ "$(id -u)" -ne 0 ] || chown -R "$user" "$dir"
        if ! postgres_as "$user" "$bin/initdb" -D "$dir/data" -U "$superuser" -E UTF8 --locale=C \
            --auth-local=trust --auth-host=trust --no-sync >"$dir/initdb.log" 2>&1; then
            echo "postgres.sh: initdb failed:" >&2
            cat "$dir/initdb.log" >&2
            rm -rf "$dir"
            return 1
        fi
        # Only 127.0.0.1 (the trust rules initdb writes also name ::1 and the socket, which is in
        # the private directory). fsync off: the cluster is thrown away.
        postgres_as "$user" "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -W \
            -o "-c listen_addresses=127.0.0.1 -p $port -k $dir/socket -c max_connections=400 -c fsync=off \
-c synchronous_commit=off -c full_page_writes=off" start >/dev/null 2>&1
        local ready=0 tick
        for tick in $(seq 1 $((timeout * 10))); do
            if "$bin/pg_isready" -q -h 127.0.0.1 -p "$port" -U "$superuser" -t 1; then
                ready=1
                break
            fi
            # The server gave up (the port was taken meanwhile …): no point in waiting.
            if [ -f "$dir/server.log" ] && [ ! -f "$dir/data/postmaster.pid" ] && [ "$tick" -gt 5 ]; then
                break
            fi
            sleep 0.1
        done
        if [ "$ready" -eq 1 ]; then
            if ! "$bin/createdb" -h 127.0.0.1 -p "$port" -U "$superuser" "$database" >&2; then
                postgres_stop "$dir"
                return 1
            fi
            POSTGRES_URL="postgres://$superuser@127.0.0.1:$port/$database"
            POSTGRES_DIR=$dir
            echo "$POSTGRES_URL"
            return 0
        fi
        echo "postgres.sh: the server on port $port did not become ready; its log:" >&2
        cat "$dir/server.log" >&2 2>/dev/null
        postgres_stop "$dir" >/dev/null 2>&1
    done
    return 1
}

# Stops the cluster named by its directory, URL or port (default: POSTGRES_DIR) and removes its
# directory.
postgres_stop() {
    local target=${1:-${POSTGRES_DIR:-}}
    if [ -z "$target" ]; then
        echo "postgres.sh: stop what? (a URL, port or directory)" >&2
        return 1
    fi
    local dirs=()
    if [ -d "$target" ]; then
        dirs=("$target")
    else
        local port=$target
        if [[ $target == *://* ]]; then
            port=${target##*@}
            port=${port#*:}
            port=${port%%/*}
        fi
        if ! [[ $port =~ ^[0-9]+$ ]]; then
            echo "postgres.sh: not a URL, port or directory: $target" >&2
            return 1
        fi
        local candidate
        for candidate in "${TMPDIR:-/tmp}"/jpki-postgres-"$port"-*; do
            [ -d "$candidate" ] && dirs+=("$candidate")
        done
        if [ ${#dirs[@]} -eq 0 ]; then
            echo "postgres.sh: no cluster of port $port under ${TMPDIR:-/tmp}" >&2
            return 1
        fi
    fi
    local bin user dir status=0
    bin=$(postgres_bin) || return 1
    for dir in "${dirs[@]}"; do
        case "$(basename "$dir")" in
        jpki-postgres-*) ;;
        *)
            echo "postgres.sh: $dir is not a directory this script made; left alone" >&2
            status=1
            continue
            ;;
        esac
        if [ -f "$dir/data/postmaster.pid" ]; then
            user=$(stat -c %U "$dir/data")
            postgres_as "$user" "$bin/pg_ctl" -D "$dir/data" -m fast -w -t 60 stop >/dev/null || status=1
        fi
        rm -rf "$dir"
        [ "$dir" != "${POSTGRES_DIR:-}" ] || unset POSTGRES_DIR POSTGRES_URL
    done
    return "$status"
}

# Starts a cluster, runs a command with JPKI_PLATFORM_POSTGRES_URL, stops the cluster.
postgres_run() {
    local port=""
    if [ "${1:-}" = --port ]; then
        port=$2
        shift 2
    fi
    [ "${1:-}" != -- ] || shift
    local url
    url=$(postgres_start "$port") || return 1
    # Interrupted: stop the cluster all the same.
    trap 'postgres_stop "$url"; exit 130' INT TERM
    local status=0
    JPKI_PLATFORM_POSTGRES_URL=$url "$@" || status=$?
    trap - INT TERM
    postgres_stop "$url" || true
    return "$status"
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
    set -uo pipefail
    command=${1:-}
    shift || true
    case "$command" in
    start) postgres_start "$@" ;;
    stop) postgres_stop "$@" ;;
    run) postgres_run "$@" ;;
    *)
        awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0" >&2
        exit 2
        ;;
    esac
fi
