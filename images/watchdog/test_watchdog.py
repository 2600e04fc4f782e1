"""Unit tests of the watchdog's back-off and start limit (run by test/unit/watchdog.test.ts)."""
import importlib.util
import os
import unittest

spec = importlib.util.spec_from_file_location(
    "watchdog", os.path.join(os.path.dirname(__file__), "wsgiform-watchdog.py")
)
watchdog = importlib.util.module_from_spec(spec)
spec.loader.exec_module(watchdog)


class PolicyTest(unittest.TestCase):
    def test_first_unhealthy_sighting_restarts(self):
        p = watchdog.Policy(backoff=10, backoff_max=300, burst=5, window=1800)
        self.assertEqual(p.decide("a", 0), "restart")

    def test_backoff_doubles_and_is_capped(self):
        p = watchdog.Policy(backoff=10, backoff_max=25, burst=10, window=1800)
        p.restarted("a", 0)
        self.assertEqual(p.decide("a", 9), "wait")
        self.assertEqual(p.decide("a", 10), "restart")
        p.restarted("a", 10)
        self.assertEqual(p.decide("a", 29), "wait")  # 20 s after the 2nd restart
        self.assertEqual(p.decide("a", 30), "restart")
        p.restarted("a", 30)
        self.assertEqual(p.decide("a", 54), "wait")  # 40 s capped to 25
        self.assertEqual(p.decide("a", 55), "restart")

    def test_start_limit_gives_up_then_forgets_after_window(self):
        p = watchdog.Policy(backoff=0, backoff_max=0, burst=3, window=100)
        for t in (0, 1, 2):
            self.assertEqual(p.decide("a", t), "restart")
            p.restarted("a", t)
        self.assertEqual(p.decide("a", 3), "give-up")
        self.assertEqual(p.decide("a", 101), "restart")  # first restart left the window

    def test_containers_are_independent(self):
        p = watchdog.Policy(backoff=10, backoff_max=300, burst=5, window=1800)
        p.restarted("a", 0)
        self.assertEqual(p.decide("a", 1), "wait")
        self.assertEqual(p.decide("b", 1), "restart")

class StillUnhealthyTest(unittest.TestCase):
    def inspected(self, status, started, running=True, start_period_ns=60_000_000_000):
        return {
            "State": {"Running": running, "StartedAt": started, "Health": {"Status": status}},
            "Config": {"Healthcheck": {"StartPeriod": start_period_ns}},
        }

    def test_parses_dockers_nanosecond_timestamps(self):
        self.assertAlmostEqual(watchdog.started_at(self.inspected("healthy", "2026-12-03T21:39:13.338256855Z")), 1796333953.338257, places=5)

    def test_unhealthy_past_its_start_period_is_restarted(self):
        i = self.inspected("unhealthy", "2026-12-03T21:00:00.000000001Z")
        self.assertTrue(watchdog.still_unhealthy(i, watchdog.started_at(i) + 61))

    def test_a_container_just_started_again_is_left_alone(self):
        # The list said unhealthy, but the restart policy started it again 1 s ago.
        i = self.inspected("unhealthy", "2026-12-03T21:39:13.338256855Z")
        self.assertFalse(watchdog.still_unhealthy(i, watchdog.started_at(i) + 1))

    def test_healthy_starting_or_stopped_is_left_alone(self):
        for status, running in (("healthy", True), ("starting", True), ("unhealthy", False)):
            i = self.inspected(status, "2026-12-03T21:00:00Z", running=running)
            self.assertFalse(watchdog.still_unhealthy(i, watchdog.started_at(i) + 600), status)

    def test_no_start_period_means_restart_at_once(self):
        i = self.inspected("unhealthy", "2026-12-03T21:00:00Z", start_period_ns=0)
        self.assertTrue(watchdog.still_unhealthy(i, watchdog.started_at(i)))


if __name__ == "__main__":
    unittest.main()
