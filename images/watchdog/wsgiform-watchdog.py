#!/usr/bin/python3
"""wsgiform watchdog: restarts containers of one deployment that stay unhealthy.

Docker restarts a container whose process exits (restart policy) but never one that is merely
unhealthy. This loop asks the Docker API for containers that carry every label in
WSGIFORM_WATCHDOG_LABELS and whose health is "unhealthy", and restarts them, with an
exponential back-off per container and a start limit (systemd's StartLimitBurst /
StartLimitIntervalSec): after BURST restarts within INTERVAL it leaves the container alone and
says so, because restarting it again is not fixing it.

Configuration (environment): WSGIFORM_WATCHDOG_LABELS (k=v,k=v), _INTERVAL, _BACKOFF,
_BACKOFF_MAX, _START_LIMIT_BURST, _START_LIMIT_INTERVAL, _RESTART_GRACE (seconds), _SOCKET.
Standard library only.
"""
import datetime
import http.client
import json
import os
import signal
import socket
import sys
import time
import urllib.parse


class UnixHTTPConnection(http.client.HTTPConnection):
    def __init__(self, path, timeout):
        super().__init__("localhost", timeout=timeout)
        self.unix_path = path

    def connect(self):
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.sock.settimeout(self.timeout)
        self.sock.connect(self.unix_path)


class Docker:
    def __init__(self, path, timeout=30):
        self.path = path
        self.timeout = timeout

    def request(self, method, url):
        conn = UnixHTTPConnection(self.path, self.timeout)
        try:
            conn.request(method, url)
            resp = conn.getresponse()
            body = resp.read()
            if resp.status >= 300:
                raise RuntimeError(f"{method} {url}: {resp.status} {body[:200]!r}")
            return json.loads(body) if body else None
        finally:
            conn.close()

    def unhealthy(self, labels):
        filters = {"label": labels, "health": ["unhealthy"]}
        q = urllib.parse.quote(json.dumps(filters))
        return self.request("GET", f"/containers/json?filters={q}")

    def inspect(self, cid):
        return self.request("GET", f"/containers/{cid}/json")

    def restart(self, cid, grace):
        self.request("POST", f"/containers/{cid}/restart?t={int(grace)}")


class Policy:
    """Back-off and start limit, per container. Pure: time is passed in."""

    def __init__(self, backoff, backoff_max, burst, window):
        self.backoff = backoff
        self.backoff_max = backoff_max
        self.burst = burst
        self.window = window
        self.history = {}  # container id -> restart times
        self.given_up = set()

    def decide(self, cid, now):
        """'restart', 'wait' (back-off) or 'give-up' (start limit reached)."""
        recent = [t for t in self.history.get(cid, []) if now - t < self.window]
        self.history[cid] = recent
        if len(recent) >= self.burst:
            return "give-up"
        if recent:
            delay = min(self.backoff * (2 ** (len(recent) - 1)), self.backoff_max)
            if now - recent[-1] < delay:
                return "wait"
        return "restart"

    def restarted(self, cid, now):
        self.history.setdefault(cid, []).append(now)


def started_at(inspected):
    """StartedAt of an inspected container as Unix seconds (Docker writes nanoseconds, Z)."""
    raw = inspected["State"]["StartedAt"]
    date, _, frac = raw.rstrip("Z").partition(".")
    return datetime.datetime.fromisoformat(date).replace(tzinfo=datetime.timezone.utc).timestamp() + float(
        f"0.{frac or 0}"
    )


def still_unhealthy(inspected, now):
    """Whether a container the list called unhealthy is so on a fresh look: running, unhealthy,
    and started longer ago than its healthcheck's start period. The list comes from the engine's
    snapshot, which can still say unhealthy for a container its restart policy has just started
    again; restarting that one would only cut its second start short."""
    state = inspected["State"]
    if not state.get("Running") or (state.get("Health") or {}).get("Status") != "unhealthy":
        return False
    period_ns = ((inspected.get("Config") or {}).get("Healthcheck") or {}).get("StartPeriod") or 0
    return now - started_at(inspected) >= period_ns / 1e9


def log(msg):
    print(f"wsgiform-watchdog: {msg}", flush=True)


def env_int(name, default):
    value = os.environ.get(name, str(default))
    try:
        return int(value)
    except ValueError:
        sys.exit(f"wsgiform-watchdog: {name}={value!r} is not an integer")


def main():
    labels = [l for l in os.environ.get("WSGIFORM_WATCHDOG_LABELS", "").split(",") if l]
    if not labels:
        sys.exit("wsgiform-watchdog: WSGIFORM_WATCHDOG_LABELS is empty; refusing to watch every container")
    interval = env_int("WSGIFORM_WATCHDOG_INTERVAL", 5)
    grace = env_int("WSGIFORM_WATCHDOG_RESTART_GRACE", 10)
    policy = Policy(
        env_int("WSGIFORM_WATCHDOG_BACKOFF", 10),
        env_int("WSGIFORM_WATCHDOG_BACKOFF_MAX", 300),
        env_int("WSGIFORM_WATCHDOG_START_LIMIT_BURST", 5),
        env_int("WSGIFORM_WATCHDOG_START_LIMIT_INTERVAL", 1800),
    )
    docker = Docker(os.environ.get("WSGIFORM_WATCHDOG_SOCKET", "/var/run/docker.sock"), timeout=grace + 30)
    running = True

    def stop(_sig, _frame):
        nonlocal running
        running = False

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    log(f"watching containers labelled {', '.join(labels)} every {interval}s")
    while running:
        try:
            for c in docker.unhealthy(labels):
                cid, name = c["Id"], c["Names"][0].lstrip("/")
                now = time.monotonic()
                if not still_unhealthy(docker.inspect(cid), time.time()):
                    continue
                verdict = policy.decide(cid, now)
                if verdict == "restart":
                    log(f"{name} is unhealthy: restarting it")
                    docker.restart(cid, grace)
                    policy.restarted(cid, time.monotonic())
                elif verdict == "give-up" and cid not in policy.given_up:
                    policy.given_up.add(cid)
                    log(f"{name} is still unhealthy after {policy.burst} restarts: leaving it for an operator")
        except Exception as e:  # the engine may be restarting; keep watching
            log(f"error: {e}")
        for _ in range(interval * 10):
            if not running:
                break
            time.sleep(0.1)
    log("stopped")


if __name__ == "__main__":
    main()
