// The browser suite (tests/e2e, multipart in Chromium) drives Debian's Chromium through playwright-core,
// which downloads no browser of its own. This makes sure one is there before the tests run: CHROMIUM_PATH or
// /usr/bin/chromium if present, else Debian's `chromium` package installed with apt-get when running as root
// (a fresh CI machine), else a clear failure that says what to install.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const path = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

if (!existsSync(path)) {
  const canInstall =
    process.env.CHROMIUM_PATH === undefined && process.getuid?.() === 0 && existsSync('/usr/bin/apt-get');
  if (!canInstall) {
    console.error(
      `ensure-chromium: no Chromium at ${path}. The browser tests need one: install Debian's chromium package ` +
        '(apt-get install chromium) or set CHROMIUM_PATH to a Chromium or Chrome binary.',
    );
    process.exit(1);
  }
  console.log("ensure-chromium: installing Debian's chromium package for the browser tests");
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
  execFileSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', 'chromium'], {
    stdio: 'inherit',
    env,
  });
  if (!existsSync(path)) {
    console.error(`ensure-chromium: apt-get finished but ${path} is still missing`);
    process.exit(1);
  }
}
