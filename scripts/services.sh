#!/usr/bin/env bash
# Start the system services the test suite talks to, when they are installed but not running.
# pcscd and the private CUPS stack are started by the test fixtures themselves (tests/*/conftest.py);
# PostgreSQL is a machine service, so it is started here.
set -euo pipefail
if ! pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null; then
    if command -v pg_ctlcluster >/dev/null && ls /etc/postgresql >/dev/null 2>&1; then
        version=$(ls /etc/postgresql | sort -V | tail -n 1)
        echo "Starting PostgreSQL $version"
        pg_ctlcluster --skip-systemctl-redirect "$version" main start || true
        for _ in $(seq 50); do pg_isready -q -h 127.0.0.1 -p 5432 && break; sleep 0.2; done
    fi
fi
if ! pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null; then
    echo "PostgreSQL is not answering on 127.0.0.1:5432; the portal tests need it (trust auth, database test)." >&2
    [ "${CI:-}" = "true" ] && exit 1
fi
exit 0
