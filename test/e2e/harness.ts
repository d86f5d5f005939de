import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { ROOT } from '../support/builds';

/** What the browser suites share: waiting helpers and console watching (the console build is test/support/builds.ts's). */

export { ensureAdminBuilt, ROOT } from '../support/builds';
export const ARTIFACTS = path.join(ROOT, 'test/artifacts');

/** Removes this suite's earlier screenshots and files; `*-before.png` (the console before a fix) stay. */
export function clearArtifacts(pattern: RegExp): void {
  mkdirSync(ARTIFACTS, { recursive: true });
  for (const file of readdirSync(ARTIFACTS)) if (pattern.test(file) && !file.endsWith('-before.png')) rmSync(path.join(ARTIFACTS, file));
}

/** Waits until the locator's text matches (playwright-core has no `expect`). */
export async function hasText(locator: Locator, pattern: RegExp | string, timeout = 15_000): Promise<void> {
  const deadline = Date.now() + timeout;
  let last = '';
  for (;;) {
    last = (await locator.first().innerText({ timeout }).catch(() => '')) ?? '';
    if (typeof pattern === 'string' ? last.includes(pattern) : pattern.test(last)) return;
    if (Date.now() > deadline) throw new Error(`expected ${String(locator)} to match ${String(pattern)}, got ${JSON.stringify(last.slice(0, 300))}`);
    await new Promise((resolve) => setTimeout(resolve, 150));
  }
}

/** Waits until the locator matches exactly `count` elements. */
export async function hasCount(locator: Locator, count: number, timeout = 15_000): Promise<void> {
  const deadline = Date.now() + timeout;
  while ((await locator.count()) !== count) {
    if (Date.now() > deadline) throw new Error(`expected ${count} of ${String(locator)}, got ${await locator.count()}`);
    await new Promise((resolve) => setTimeout(resolve, 150));
  }
}

/** Waits until `read` returns what `accept` accepts, and returns it. */
export async function eventually<T>(read: () => Promise<T>, accept: (value: T) => boolean, what: string, timeout = 15_000): Promise<T> {
  const deadline = Date.now() + timeout;
  for (;;) {
    const value = await read();
    if (accept(value)) return value;
    if (Date.now() > deadline) throw new Error(`${what}: still ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 150));
  }
}

/** Runs in the page: the admin keeps its session token in localStorage. */
export const setToken = (value: string) =>
  (globalThis as unknown as { localStorage: { setItem(key: string, value: string): void } }).localStorage.setItem('gongguan.token', value);

/**
 * Console errors and warnings: every page the suite opens is watched, and `check()` (after each
 * test) fails on any message the test did not announce with `allow()`.
 */
export class ConsoleWatch {
  private problems: string[] = [];
  private allowed: RegExp[] = [];

  watch(page: Page): void {
    page.on('console', (message) => {
      if (message.type() === 'error' || message.type() === 'warning') this.problems.push(`${message.type()}: ${message.text()}`);
    });
    page.on('pageerror', (error) => this.problems.push(`pageerror: ${error.message}`));
  }

  /** This test provokes a console message matching the pattern (e.g. a 401 answer it asks for). */
  allow(pattern: RegExp): void {
    this.allowed.push(pattern);
  }

  /** The messages since the last check that no `allow()` covers; resets for the next test. */
  take(): string[] {
    const unexpected = this.problems.filter((text) => !this.allowed.some((pattern) => pattern.test(text)));
    this.problems = [];
    this.allowed = [];
    return unexpected;
  }
}

/**
 * antd Select / TreeSelect: open, type to search, click the first match once it is shown. Options
 * can arrive after the typing (the organisation tree loads in pages), and TreeSelect chooses the
 * node Enter takes only when the search text changes, so Enter would pick nothing under load.
 */
export async function pick(target: Locator, search: string): Promise<void> {
  await target.click();
  await target.page().keyboard.type(search);
  await target
    .page()
    .locator('.ant-select-dropdown .ant-select-item-option, .ant-select-dropdown .ant-select-tree-node-content-wrapper')
    .filter({ hasText: search, visible: true })
    .first()
    .click();
}

/**
 * Runs in the page: how many lines `text` takes inside the first element matching `selector` that
 * contains it (1: it did not wrap), or 0 when it is not there.
 */
export const linesOf = ([selector, text]: string[]): number => {
  const doc = (globalThis as unknown as { document: any }).document;
  for (const element of doc.querySelectorAll(selector)) {
    const walker = doc.createTreeWalker(element, 4 /* NodeFilter.SHOW_TEXT */);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const at = node.textContent.indexOf(text!);
      if (at < 0) continue;
      const range = doc.createRange();
      range.setStart(node, at);
      range.setEnd(node, at + text!.length);
      return new Set([...range.getClientRects()].map((rect: { top: number }) => Math.round(rect.top))).size;
    }
  }
  return 0;
};

/** Runs in the page: the tables whose content is wider than their box (a column hidden or cut off). */
export const overflowingTables = (): string[] => {
  const doc = (globalThis as unknown as { document: any }).document;
  return [...doc.querySelectorAll('.ant-table-content, .ant-table-body')]
    .filter((box: { scrollWidth: number; clientWidth: number }) => box.scrollWidth > box.clientWidth + 1)
    .map((box: { closest(selector: string): any; scrollWidth: number; clientWidth: number }) => {
      const owner = box.closest('[data-testid]');
      return `${owner?.getAttribute('data-testid') ?? 'table'}: ${box.scrollWidth} > ${box.clientWidth}`;
    });
};
