import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

// The watchdog is Python (stdlib only) in images/watchdog; its decision logic (back-off, start
// limit) has Python unit tests, run here with the interpreter the image uses.
it("passes the watchdog's own unit tests (back-off doubling and cap, start limit, per container, the fresh look before a restart)", () => {
  const dir = join(__dirname, '..', '..', 'images', 'watchdog');
  const r = spawnSync('/usr/bin/python3', ['-B', '-m', 'unittest', '-v', 'test_watchdog'], {
    cwd: dir,
    encoding: 'utf8',
  });
  if (r.error) throw new Error(`/usr/bin/python3 could not run: ${r.error.message}`);
  expect(r.stderr).toMatch(/Ran 9 tests in/);
  expect(r.stderr).toMatch(/\nOK\n/);
  expect(r.status).toBe(0);
});
