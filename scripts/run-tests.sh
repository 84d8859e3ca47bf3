#!/usr/bin/env bash
# Runs the built test suite (`swift test --skip-build --disable-xctest`) and guards against one
# failure mode seen on this toolchain: every test finishes, Swift Testing prints its closing
# line, and the test process then never exits (its main thread stuck in libdispatch at exit).
# Output is line-buffered so the closing line is never lost in a buffer; once it has been
# printed the process gets GRACE seconds to exit, then it is killed and the closing line decides
# the status. A run that prints no closing line within LIMIT seconds fails.
#
#   scripts/run-tests.sh [extra swift test arguments…]
#   env: SWIFT (swift), GRACE (30), LIMIT (2400)
set -uo pipefail
SWIFT=${SWIFT:-swift}
GRACE=${GRACE:-30}
LIMIT=${LIMIT:-2400}
log=$(mktemp /tmp/wellclient-tests.XXXXXX.log)

# setsid: the test run gets its own process group, so a kill reaches the test binary too.
setsid stdbuf -oL -eL "$SWIFT" test --skip-build --disable-xctest "$@" > >(tee "$log") 2>&1 &
pid=$!

closing=""
waited=0
grace_left=$GRACE
while kill -0 "$pid" 2>/dev/null; do
    if [ -z "$closing" ]; then
        closing=$(grep -aE '^.{0,4}Test run with [0-9]+ tests?.* (passed|failed) after' "$log" | tail -n 1)
    fi
    if [ -n "$closing" ]; then
        if [ "$grace_left" -le 0 ]; then
            echo "run-tests: the test process did not exit ${GRACE}s after its closing line; stopping it" >&2
            kill -KILL -- -"$pid" 2>/dev/null || kill -KILL "$pid" 2>/dev/null
            break
        fi
        grace_left=$((grace_left - 1))
    elif [ "$waited" -ge "$LIMIT" ]; then
        echo "run-tests: no closing line after ${LIMIT}s; stopping the test run" >&2
        kill -KILL -- -"$pid" 2>/dev/null || kill -KILL "$pid" 2>/dev/null
        wait "$pid" 2>/dev/null
        exit 1
    fi
    sleep 1
    waited=$((waited + 1))
done
wait "$pid" 2>/dev/null
status=$?
sleep 0.2   # let tee drain
[ -n "$closing" ] || closing=$(grep -aE '^.{0,4}Test run with [0-9]+ tests?.* (passed|failed) after' "$log" | tail -n 1)
rm -f "$log"
if [ -z "$closing" ]; then
    echo "run-tests: the test run ended (status $status) without a closing line" >&2
    exit $(( status == 0 ? 1 : status ))
fi
case "$closing" in
    *" passed after"*) exit 0 ;;
    *) exit 1 ;;
esac
