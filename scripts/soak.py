#!/usr/bin/python3
"""Soak: drives many calls through the desktop agent's D-Bus interface and the simulator.

    scripts/soak.py --wellclient PATH [--calls 10000] [--warmup 200] [--sample-every 1000]

Everything runs as child processes on a private, throw-away set-up (nothing of the real
desktop is touched):

  * a private session `dbus-daemon`;
  * python-dbusmock's `notification_daemon` (with the `actions` capability) on that bus, logging
    every call so that the notifications opened and not closed can be counted;
  * `wellclient sim serve --port 0 --ring-ms 0` (outside parties answer at once);
  * `wellclient agent` with a config file in a temporary XDG_CONFIG_HOME (agent 5001 on 8001).

Calls are placed one after another. Inbound calls ring through the simulator's `/sim/ring`
control API; the agent is driven only over `cc.wellcloud.WellClient1` (Answer, Hold, Retrieve,
SingleStepTransfer, SingleStepConference, Consult, Conference, HangUp, Dial, Status). An
outbound `Dial` is placed whenever the agent's 2-second dial guard allows one. Every step waits
for the agent's `Status` to show the expected state; a call counts as done when both the agent
and the simulator have forgotten it.

Prints calls/s, the agent's and the simulator's RSS (VmRSS) and open file descriptors at launch,
after the warm-up and at the end (and every --sample-every calls), the notification ids left
open (from the mock's log, and the agent's own Status), and every error. Exit status 0 when no
call failed, 1 otherwise. Needs /usr/bin/python3 with python3-dbus and python3-dbusmock.
"""

import argparse
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request

import dbus

BUS_NAME = "cc.wellcloud.WellClient"
OBJECT_PATH = "/cc/wellcloud/WellClient"
INTERFACE = "cc.wellcloud.WellClient1"
OWN_EXTENSION = "8001"
PASSWORD = "123456"      # the demo tenant's; the soak checks it never shows up in a log, Status or a notification
STEP_TIMEOUT = 10.0      # seconds one step may take before it counts as an error
DIAL_GUARD = 2.05        # the agent refuses a second dial within 2 s; wait a little longer


class SoakError(Exception):
    """One call went wrong (the message says where)."""


# MARK: - the processes

class Rig:
    """The private bus, the notification mock, the simulator and the agent."""

    def __init__(self, wellclient, keep, agent_prefix=()):
        self.wellclient = wellclient
        self.keep = keep
        self.agent_prefix = list(agent_prefix)
        self.dir = tempfile.mkdtemp(prefix="wellclient-soak-")
        self.children = []
        self.bus_address = None
        self.sim_url = None
        self.agent = None
        self.sim = None
        self.mock_log = os.path.join(self.dir, "notification-mock.log")

    def spawn(self, argv, env, stdout, stderr=subprocess.STDOUT):
        process = subprocess.Popen(argv, env=env, stdout=stdout, stderr=stderr, stdin=subprocess.DEVNULL)
        self.children.append(process)
        return process

    def start(self):
        base_env = {k: v for k, v in os.environ.items() if k not in ("DBUS_SESSION_BUS_ADDRESS", "PYTHONPATH")}
        bus_dir = os.path.join(self.dir, "bus")
        os.makedirs(bus_dir)
        config = os.path.join(self.dir, "session.conf")
        with open(config, "w") as f:
            f.write(f"""<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <listen>unix:dir={bus_dir}</listen>
  <auth>EXTERNAL</auth>
  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>
</busconfig>
""")
        daemon = self.spawn(["/usr/bin/dbus-daemon", "--nofork", "--nopidfile", "--print-address=1",
                             f"--config-file={config}"], base_env, subprocess.PIPE,
                            open(os.path.join(self.dir, "dbus-daemon.log"), "w"))
        self.bus_address = daemon.stdout.readline().decode().strip()
        if not self.bus_address:
            raise SystemExit("soak: dbus-daemon printed no address")
        env = dict(base_env, DBUS_SESSION_BUS_ADDRESS=self.bus_address)

        self.spawn(["/usr/bin/python3", "-m", "dbusmock", "--session", "-t", "notification_daemon",
                    "-l", self.mock_log, "-p", json.dumps({"capabilities": "actions body body-markup persistence sound"})],
                   env, open(os.path.join(self.dir, "notification-mock.out"), "w"))
        # The desktop's notification server is up before the agent starts (as on a real desktop;
        # the agent also copes with one that comes later, but then libnotify's probe finds none).
        probe = dbus.bus.BusConnection(self.bus_address)
        wait_for(lambda: probe.name_has_owner("org.freedesktop.Notifications"), 30, "the notification mock")
        probe.close()

        sim_log = os.path.join(self.dir, "sim.log")
        self.sim = self.spawn([self.wellclient, "sim", "serve", "--port", "0", "--ring-ms", "0"],
                              env, open(sim_log, "w"))
        self.sim_url = wait_for(lambda: first_match(sim_log, r"listening on (http://\S+)"), 30, "the simulator to listen")

        home = os.path.join(self.dir, "home")
        config_home = os.path.join(home, ".config")
        os.makedirs(os.path.join(config_home, "wellclient"), mode=0o700)
        config_path = os.path.join(config_home, "wellclient", "config.toml")
        fd = os.open(config_path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as f:
            f.write(f'[server]\nurl = "{self.sim_url}"\n[agent]\njobNumber = "5001"\ndomain = "demo.cc"\n'
                    f'extension = "{OWN_EXTENSION}"\npassword = "{PASSWORD}"\n')
        agent_env = dict(env, HOME=home, XDG_CONFIG_HOME=config_home,
                         XDG_DATA_HOME=os.path.join(home, ".local/share"),
                         XDG_STATE_HOME=os.path.join(home, ".local/state"),
                         XDG_CACHE_HOME=os.path.join(home, ".cache"),
                         XDG_RUNTIME_DIR=os.path.join(self.dir, "runtime"))
        os.makedirs(agent_env["XDG_RUNTIME_DIR"], mode=0o700)
        self.agent_log = os.path.join(self.dir, "agent.log")
        self.agent = self.spawn(self.agent_prefix + [self.wellclient, "agent"],
                                agent_env, open(self.agent_log, "w"))

    def agent_pid(self):
        """The agent's own pid (with --agent-prefix: the wrapper's descendant running wellclient)."""
        if not self.agent_prefix:
            return self.agent.pid
        parents = {}
        for entry in os.listdir("/proc"):
            if entry.isdigit():
                try:
                    with open(f"/proc/{entry}/stat") as f:
                        parents[int(entry)] = int(f.read().rsplit(")", 1)[1].split()[1])
                except (OSError, IndexError, ValueError):
                    pass
        family, grew = {self.agent.pid}, True
        while grew:
            more = {pid for pid, parent in parents.items() if parent in family} - family
            family |= more
            grew = bool(more)
        for pid in sorted(family):
            try:
                if os.path.realpath(f"/proc/{pid}/exe") == os.path.realpath(self.wellclient):
                    return pid
            except OSError:
                pass
        return self.agent.pid

    def stop(self):
        """SIGTERM to the agent (it logs out), then SIGKILL to everything left."""
        if self.agent and self.agent.poll() is None:
            try:
                os.kill(self.agent_pid(), signal.SIGTERM)
            except OSError:
                pass
            try:
                self.agent.wait(30 if self.agent_prefix else 10)
            except subprocess.TimeoutExpired:
                pass
        for process in reversed(self.children):
            if process.poll() is None:
                process.kill()
                process.wait()
        if not self.keep:
            shutil.rmtree(self.dir, ignore_errors=True)


def first_match(path, pattern):
    try:
        with open(path) as f:
            m = re.search(pattern, f.read())
            return m.group(1) if m else None
    except FileNotFoundError:
        return None


def wait_for(probe, seconds, what):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = probe()
        if value:
            return value
        time.sleep(0.02)
    raise SoakError(f"timed out waiting for {what}")


# MARK: - measuring

def proc_figures(pid):
    """(VmRSS in KiB, open file descriptors) of a live process."""
    rss = 0
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                rss = int(line.split()[1])
    return rss, len(os.listdir(f"/proc/{pid}/fd"))


def outstanding_notifications(log_path):
    """Notification ids the mock handed out and nobody closed: (opened, closed, open ids).

    The mock's log has one line per method call; Notify with replaces_id 0 takes the next id
    (1, 2, …), Notify with a replaces_id keeps it; CloseNotification closes one."""
    next_id, opened, closed, open_ids, summaries = 1, 0, 0, set(), {}
    with open(log_path) as f:
        for line in f:
            m = re.match(r"^\S+ Notify \"[^\"]*\" (\d+) \"[^\"]*\" \"([^\"]*)\"", line)
            if m:
                nid = int(m.group(1))
                if nid == 0:
                    nid = next_id
                    open_ids.add(nid)
                    next_id += 1
                    opened += 1
                summaries[nid] = m.group(2)
                continue
            m = re.match(r"^\S+ CloseNotification (\d+)", line)
            if m:
                closed += 1
                open_ids.discard(int(m.group(1)))
    kinds = {}
    for nid in open_ids:
        kind = re.sub(r"\d+", "N", summaries.get(nid, "?"))
        kinds[kind] = kinds.get(kind, 0) + 1
    return opened, closed, sorted(open_ids), kinds


# MARK: - driving

class Driver:
    """Talks to the agent (D-Bus) and the simulator (/sim/ HTTP)."""

    def __init__(self, rig):
        self.rig = rig
        self.bus = dbus.bus.BusConnection(rig.bus_address)
        self.last_dial = 0.0
        self.outside = 0

    def call(self, method, *args):
        try:
            # Every method used here takes only strings; no proxy (it would bind to the owner at once).
            return self.bus.call_blocking(BUS_NAME, OBJECT_PATH, INTERFACE, method, "s" * len(args), args,
                                          timeout=STEP_TIMEOUT)
        except dbus.exceptions.DBusException as e:
            raise SoakError(f"{method}{args}: {e.get_dbus_name()}: {e.get_dbus_message()}") from None

    def status(self):
        return json.loads(str(self.call("Status")))

    def sim(self, method, path, body=None):
        data = json.dumps(body).encode() if body is not None else None
        request = urllib.request.Request(self.rig.sim_url + path, data=data, method=method,
                                         headers={"Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(request, timeout=STEP_TIMEOUT) as response:
                text = response.read()
                return json.loads(text) if text else None
        except urllib.error.HTTPError as e:
            raise SoakError(f"{method} {path}: HTTP {e.code} {e.read()[:200]!r}") from None

    def next_outside(self):
        self.outside = (self.outside + 1) % 1000000
        return f"139{self.outside:08d}"

    # waiting on Status

    def wait_calls(self, predicate, what):
        deadline = time.monotonic() + STEP_TIMEOUT
        while True:
            calls = self.status().get("calls") or []
            if predicate(calls):
                return calls
            if time.monotonic() > deadline:
                raise SoakError(f"timed out waiting for {what}; calls: {json.dumps(calls)[:400]}")
            time.sleep(0.001)

    def wait_own(self, call_id, state):
        def ok(calls):
            return any(c["callId"] == call_id and own_state(c) == state for c in calls)
        return self.wait_calls(ok, f"call {call_id} to be {state} here")

    def wait_idle(self):
        self.wait_calls(lambda calls: not calls, "the agent to have no call")

    def wait_sim_idle(self):
        deadline = time.monotonic() + STEP_TIMEOUT
        while True:
            calls = self.sim("GET", "/sim/state").get("calls") or []
            if not calls:
                return
            if time.monotonic() > deadline:
                raise SoakError(f"the simulator kept calls: {json.dumps(calls)[:400]}")
            time.sleep(0.002)

    def ring(self):
        caller = self.next_outside()
        call_id = self.sim("POST", "/sim/ring", {"to": OWN_EXTENSION, "from": caller})["callId"]
        self.wait_own(call_id, "Alerting")
        return caller, call_id

    def answer(self, call_id):
        self.call("Answer", call_id)
        self.wait_own(call_id, "Connect")

    def answered_inbound(self):
        """An outside caller rings this extension and the agent answers: (caller, call id)."""
        caller, call_id = self.ring()
        self.answer(call_id)
        return caller, call_id

    def hold_and_retrieve(self, call_id):
        self.call("Hold", call_id)
        self.wait_own(call_id, "Hold")
        self.call("Retrieve", call_id)
        self.wait_own(call_id, "Connect")

    def hang_up_and_wait(self, call_id):
        self.call("HangUp", call_id)
        self.wait_idle()

    def connected_consultation(self, call_id, target):
        """Consults `target` from `call_id` and waits until it has answered: the consultation's id."""
        consult = str(self.call("Consult", call_id, target))
        if not consult:
            raise SoakError("Consult returned no call id")
        self.wait_calls(lambda calls: any(c["callId"] == consult and all(p["state"] == "Connect" for p in c["parties"])
                                          and len(c["parties"]) == 2 for c in calls), "the consulted party to answer")
        return consult

    def hang_up_outside(self, *numbers):
        for number in numbers:
            try:
                self.sim("POST", f"/sim/outside/{number}/hangup")
            except SoakError as e:
                if "HTTP 404" not in str(e):
                    raise

    # the call kinds

    def inbound_answer(self):
        _, cid = self.answered_inbound()
        self.hang_up_and_wait(cid)

    def inbound_hold(self):
        _, cid = self.answered_inbound()
        self.hold_and_retrieve(cid)
        self.hang_up_and_wait(cid)

    def inbound_caller_hangs_up(self):
        caller, _ = self.answered_inbound()
        self.hang_up_outside(caller)
        self.wait_idle()

    def inbound_transfer(self):
        caller, cid = self.answered_inbound()
        target = self.next_outside()
        self.call("SingleStepTransfer", cid, target)
        self.wait_idle()
        self.hang_up_outside(caller, target)

    def inbound_single_step_conference(self):
        caller, cid = self.answered_inbound()
        target = self.next_outside()
        self.call("SingleStepConference", cid, target, "Active")
        self.wait_calls(lambda calls: any(c["callId"] == cid and len(c["parties"]) == 3 and
                                          all(p["state"] == "Connect" for p in c["parties"]) for c in calls),
                        "three connected parties")
        self.hang_up_and_wait(cid)
        self.hang_up_outside(caller, target)

    def inbound_consult_conference(self):
        caller, cid = self.answered_inbound()
        target = self.next_outside()
        consult = self.connected_consultation(cid, target)
        self.call("Conference", cid, consult)
        self.wait_calls(lambda calls: len(calls) == 1 and len(calls[0]["parties"]) == 3, "the conference")
        self.hang_up_and_wait(consult)
        self.hang_up_outside(caller, target)

    def inbound_consult_transfer(self):
        caller, cid = self.answered_inbound()
        target = self.next_outside()
        consult = self.connected_consultation(cid, target)
        self.call("Transfer", cid, consult)
        self.wait_idle()
        self.hang_up_outside(caller, target)

    def outbound(self):
        wait = self.last_dial + DIAL_GUARD - time.monotonic()
        if wait > 0:
            time.sleep(wait)
        target = self.next_outside()
        self.last_dial = time.monotonic()
        cid = str(self.call("Dial", target))
        self.wait_own(cid, "Connect")
        self.hold_and_retrieve(cid)
        self.hang_up_and_wait(cid)

    def recover(self):
        """After an error: hang up whatever is left, here and in the simulator."""
        try:
            for c in self.status().get("calls") or []:
                try:
                    self.call("HangUp", c["callId"])
                except SoakError:
                    pass
            for c in self.sim("GET", "/sim/state").get("calls") or []:
                for p in c.get("parties") or []:
                    number = str(p.get("device", "")).split("@")[0]
                    if number and number != OWN_EXTENSION:
                        self.hang_up_outside(number)
            self.wait_idle()
            self.wait_sim_idle()
        except SoakError as e:
            print(f"  recovery failed: {e}", flush=True)


def own_state(call):
    for party in call.get("parties") or []:
        if party.get("isOwn"):
            return party.get("state")
    return None


INBOUND_KINDS = ["inbound_answer", "inbound_hold", "inbound_transfer", "inbound_consult_conference",
                 "inbound_caller_hangs_up", "inbound_single_step_conference", "inbound_consult_transfer"]


# MARK: - the run

def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--wellclient", required=True, help="the wellclient binary (a release build is the honest one)")
    parser.add_argument("--calls", type=int, default=10000, help="calls to place after the warm-up")
    parser.add_argument("--warmup", type=int, default=200, help="calls placed before the 'start' figures")
    parser.add_argument("--sample-every", type=int, default=1000, help="print figures every N calls")
    parser.add_argument("--no-outbound", action="store_true", help="inbound calls only (no 2-second dial pacing)")
    parser.add_argument("--keep", action="store_true", help="keep the temporary directory (logs)")
    parser.add_argument("--agent-prefix", default="", help="run the agent under this command, e.g. 'heaptrack -o /tmp/agent' "
                        "(figures are then those of the agent process itself, found as the wrapper's child)")
    args = parser.parse_args()

    rig = Rig(os.path.abspath(args.wellclient), args.keep, args.agent_prefix.split())
    errors = []
    kinds = {}
    try:
        rig.start()
        driver = Driver(rig)
        wait_for(lambda: _logged_in(driver), 60, "the agent to log in")
        launch = proc_figures(rig.agent_pid())
        sim_launch = proc_figures(rig.sim.pid)
        print(f"soak: agent pid {rig.agent_pid()}, simulator {rig.sim_url} (pid {rig.sim.pid}), bus {rig.bus_address}")
        print(f"soak: temporary directory {rig.dir}{' (kept)' if args.keep else ''}")
        print(f"{'calls':>7} {'calls/s':>8} {'agent RSS':>11} {'agent fds':>9} {'sim RSS':>10} {'sim fds':>7} {'errors':>6}")
        row(0, None, launch, sim_launch, 0, "(logged in)")

        total = args.warmup + args.calls
        started = window_start = time.monotonic()
        warm = None
        kind_index = 0
        for n in range(1, total + 1):
            if not args.no_outbound and time.monotonic() - driver.last_dial >= DIAL_GUARD:
                kind = "outbound"
            else:
                kind = INBOUND_KINDS[kind_index % len(INBOUND_KINDS)]
                kind_index += 1
            try:
                getattr(driver, kind)()
                if n % 100 == 0:
                    driver.wait_sim_idle()
            except SoakError as e:
                errors.append(f"call {n} ({kind}): {e}")
                print(f"  error: call {n} ({kind}): {e}", flush=True)
                driver.recover()
            kinds[kind] = kinds.get(kind, 0) + 1
            if rig.agent.poll() is not None:
                errors.append(f"the agent exited with status {rig.agent.returncode} after {n} calls")
                break
            if n == args.warmup:
                warm = (proc_figures(rig.agent_pid()), proc_figures(rig.sim.pid))
                row(n, n / (time.monotonic() - started), warm[0], warm[1], len(errors), "(after warm-up)")
                started = window_start = time.monotonic()
            elif n > args.warmup and (n - args.warmup) % args.sample_every == 0:
                now = time.monotonic()
                row(n, args.sample_every / (now - window_start), proc_figures(rig.agent_pid()),
                    proc_figures(rig.sim.pid), len(errors))
                window_start = now
        elapsed = time.monotonic() - started
        measured = max(0, min(n, total) - args.warmup)

        end = proc_figures(rig.agent_pid()) if rig.agent.poll() is None else (0, 0)
        sim_end = proc_figures(rig.sim.pid)
        status_text = str(driver.call("Status")) if rig.agent.poll() is None else "{}"
        status = json.loads(status_text)
        secret = re.compile(r"(?<![0-9A-Za-z])" + re.escape(PASSWORD) + r"(?![0-9A-Za-z])")  # not inside an id
        leaks = [name for name, text in (("agent log", read(rig.agent_log)), ("Status", status_text),
                                         ("notifications", read(rig.mock_log))) if secret.search(text)]
        if leaks:
            errors.append(f"the password appeared in: {', '.join(leaks)}")
        opened, closed, open_ids, open_kinds = outstanding_notifications(rig.mock_log)
        agent_notes = (status.get("notifications") or {}).get("calls") or {}
        warm = warm or (launch, sim_launch)

        print()
        print("== soak figures")
        line("calls after warm-up", f"{measured} in {elapsed:.1f} s = {measured / elapsed if elapsed else 0:.1f} calls/s "
             f"(+{args.warmup} warm-up)")
        line("call mix", ", ".join(f"{k} {v}" for k, v in sorted(kinds.items())))
        line("agent RSS launch / after warm-up / end", f"{mib(launch[0])} / {mib(warm[0][0])} / {mib(end[0])} "
             f"(growth after warm-up {(end[0] - warm[0][0]) / 1024:+.1f} MiB)")
        line("agent open fds launch / after warm-up / end", f"{launch[1]} / {warm[0][1]} / {end[1]}")
        line("simulator RSS launch / after warm-up / end", f"{mib(sim_launch[0])} / {mib(warm[1][0])} / {mib(sim_end[0])}")
        line("simulator open fds launch / after warm-up / end", f"{sim_launch[1]} / {warm[1][1]} / {sim_end[1]}")
        line("notifications opened / closed (mock log)", f"{opened} / {closed}")
        line("notification ids outstanding (mock log)", f"{len(open_ids)} {open_ids[:10] if open_ids else ''}".strip())
        for kind, count in sorted(open_kinds.items()):
            line(f"  still open: '{kind}'", f"{count}")
        line("call notification ids the agent holds (Status)", f"{len(agent_notes)}")
        line("calls left (agent / simulator)", f"{len(status.get('calls') or [])} / "
             f"{len(driver.sim('GET', '/sim/state').get('calls') or [])}")
        line("password seen in agent log / Status / notifications", ", ".join(leaks) if leaks else "nowhere")
        line("errors", f"{len(errors)}")
        for e in errors[:20]:
            print(f"    {e}")
    except SoakError as e:
        errors.append(str(e))
        print(f"soak: {e}", file=sys.stderr)
        print(f"soak: agent log tail:\n{tail(getattr(rig, 'agent_log', ''))}", file=sys.stderr)
    finally:
        rig.stop()
    sys.exit(1 if errors else 0)


def _logged_in(driver):
    try:
        return driver.status().get("login") == "loggedIn"
    except (SoakError, dbus.exceptions.DBusException):
        return False


def mib(kib):
    return f"{kib / 1024:.1f} MiB"


def row(n, rate, agent, sim, errors, note=""):
    rate_text = f"{rate:8.1f}" if rate is not None else f"{'-':>8}"
    print(f"{n:>7} {rate_text} {mib(agent[0]):>11} {agent[1]:>9} {mib(sim[0]):>10} {sim[1]:>7} {errors:>6} {note}", flush=True)


def line(label, value):
    print(f"  {label:<50} {value}", flush=True)


def read(path):
    with open(path, errors="replace") as f:
        return f.read()


def tail(path, lines=30):
    try:
        with open(path) as f:
            return "".join(f.readlines()[-lines:])
    except (FileNotFoundError, TypeError):
        return "(none)"


if __name__ == "__main__":
    main()
