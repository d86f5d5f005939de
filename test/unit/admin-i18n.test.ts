import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

/**
 * The console's texts: Chinese and English carry the same keys, none empty, and every key the
 * code names literally (`t("members.fields.name")`, `labelKey: "…"`) exists. Keys built at run
 * time (`enums.${name}.${value}`) are checked by the pages that show them.
 */

const ADMIN = path.resolve(__dirname, '../../admin/src');
const load = (locale: string) => JSON.parse(readFileSync(path.join(ADMIN, 'i18n', `${locale}.json`), 'utf8')) as Record<string, unknown>;

function leaves(tree: Record<string, unknown>, prefix = ''): Map<string, unknown> {
  const found = new Map<string, unknown>();
  for (const [key, value] of Object.entries(tree)) {
    const name = prefix ? `${prefix}.${key}` : key;
    if (value && typeof value === 'object') for (const [leaf, text] of leaves(value as Record<string, unknown>, name)) found.set(leaf, text);
    else found.set(name, value);
  }
  return found;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return name === 'graphql' || name === 'i18n' ? [] : sourceFiles(full);
    return /\.tsx?$/.test(name) ? [full] : [];
  });
}

const zh = leaves(load('zh-CN'));
const en = leaves(load('en'));

it('has the same keys in Chinese and English', () => {
  expect([...en.keys()].filter((key) => !zh.has(key))).toEqual([]);
  expect([...zh.keys()].filter((key) => !en.has(key))).toEqual([]);
});

it('has no empty text', () => {
  const empty = [...zh, ...en].filter(([, text]) => typeof text !== 'string' || text.trim() === '').map(([key]) => key);
  expect(empty).toEqual([]);
});

it('knows every key the console names literally', () => {
  const literal = /\b(?:t|i18n\.t|translate)\(\s*"([a-zA-Z][\w-]*(?:\.[\w-]+)+)"|\b(?:labelKey|noteKey|titleKey|messageKey):\s*"([a-zA-Z][\w-]*(?:\.[\w-]+)+)"/g;
  const missing = new Set<string>();
  for (const file of sourceFiles(ADMIN)) {
    for (const match of readFileSync(file, 'utf8').matchAll(literal)) {
      const key = match[1] ?? match[2]!;
      // A key naming a group (`t("enums.AdminRole")`) would render "[object]": it must be a leaf too.
      if (!zh.has(key)) missing.add(`${key} (${path.relative(ADMIN, file)})`);
    }
  }
  expect([...missing]).toEqual([]);
});
