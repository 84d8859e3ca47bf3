#!/usr/bin/env bash
# Runs the demo: the embedded simulator (until the agent lands, only the simulator).
set -euo pipefail
bin="$1"
exec "$bin" sim
