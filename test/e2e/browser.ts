import { accessSync, constants } from 'node:fs';
import { chromium, type Browser, type LaunchOptions } from 'playwright-core';

/** The system Chromium (Debian's `chromium` package) unless CHROMIUM_PATH says otherwise. */
export const chromiumPath = (): string => process.env.CHROMIUM_PATH || '/usr/bin/chromium';

/**
 * Flags for a sandboxed, offline CI machine: no sandbox (we run as root), and none of the
 * background connections Chromium makes on start, which this machine's network refuses.
 */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--disable-gpu',
  '--disable-sync',
];

/** Whether the Chromium binary exists and is executable, so suites can skip cleanly without it. */
export function chromiumAvailable(): boolean {
  try {
    accessSync(chromiumPath(), constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** Launches headless Chromium through playwright-core (never a downloaded browser build). */
export function launchBrowser(options: LaunchOptions = {}): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath(),
    headless: true,
    ...options,
    args: [...CHROMIUM_ARGS, ...(options.args ?? [])],
  });
}
