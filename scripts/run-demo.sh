#!/usr/bin/env bash
# `make run`: the agent on its embedded default (the in-process simulator on 127.0.0.1:5088,
# logged in as the demo agent 5001 on extension 8001).
# Without a desktop session bus (a server, a container) a private bus is started for it; the
# agent leaves the bus address where thin clients in another terminal find it.
set -euo pipefail
bin="$1"
shift || true
if [ -n "${DBUS_SESSION_BUS_ADDRESS:-}" ] || [ -S "${XDG_RUNTIME_DIR:-/nonexistent}/bus" ]; then
    exec "$bin" agent --demo "$@"
fi
echo "No session bus here: starting a private one for the demo agent."
exec dbus-run-session -- "$bin" agent --demo "$@"
