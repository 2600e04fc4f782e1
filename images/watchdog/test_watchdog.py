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


if __name__ == "__main__":
    unittest.main()
