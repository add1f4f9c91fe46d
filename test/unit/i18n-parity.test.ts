import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LOCALES } from '../../src/contracts/enums.js';
import { catalogues as widgetCatalogues } from '../../widget/src/i18n.js';

/*
 * Every text of the console (i18next, every namespace file found in the locale folders) and of the widget
 * exists in every language, is not empty, and names the same interpolation variables.
 */

type Strings = Record<string, string>;

const consoleLocales = join(import.meta.dirname, '../../agent-console/src/i18n/locales');

function flatten(value: unknown, prefix = ''): Strings {
  if (typeof value !== 'object' || value === null) return { [prefix.slice(0, -1)]: String(value) };
  return Object.assign({}, ...Object.entries(value).map(([key, child]) => flatten(child, `${prefix}${key}.`))) as Strings;
}

/** i18next writes {{name}} (also {{- name}} and {{name, format}}); the widget writes {name}. */
const consoleVariable = /\{\{-?\s*([\w.]+)[^}]*\}\}/g;
const widgetVariable = /\{(\w+)\}/g;

function variables(text: string, pattern: RegExp): string[] {
  return [...new Set([...text.matchAll(pattern)].map((match) => match[1]!))].sort();
}

function expectParity(byLocale: Record<string, Strings>, pattern: RegExp) {
  const [reference, ...others] = LOCALES;
  const base = byLocale[reference]!;
  for (const locale of LOCALES) {
    const empty = Object.entries(byLocale[locale]!).filter(([, text]) => text.trim() === '').map(([key]) => key);
    expect(empty, `empty texts in ${locale}`).toEqual([]);
  }
  for (const locale of others) {
    const strings = byLocale[locale]!;
    expect(Object.keys(strings).sort(), `keys of ${locale} against ${reference}`).toEqual(Object.keys(base).sort());
    const differing = Object.keys(base).filter(
      (key) => key in strings && variables(strings[key]!, pattern).join() !== variables(base[key]!, pattern).join(),
    );
    expect(differing, `texts of ${locale} naming other variables than ${reference}`).toEqual([]);
  }
}

describe('console translations', () => {
  const folders = readdirSync(consoleLocales).sort();
  const namespaces = readdirSync(join(consoleLocales, 'en')).filter((file) => file.endsWith('.json')).sort();

  it('has a folder for every language and only those', () => {
    expect(folders).toEqual([...LOCALES].sort());
  });

  it('has the same namespaces in every language', () => {
    expect(namespaces.length).toBeGreaterThan(0);
    for (const locale of LOCALES) expect(readdirSync(join(consoleLocales, locale)).sort(), locale).toEqual(namespaces);
  });

  it.each(namespaces)('%s: same keys, no empty text, same variables in every language', (namespace) => {
    const byLocale = Object.fromEntries(
      LOCALES.map((locale) => [locale, flatten(JSON.parse(readFileSync(join(consoleLocales, locale, namespace), 'utf8')))]),
    );
    expectParity(byLocale, consoleVariable);
  });
});

describe('widget translations', () => {
  it('has the same keys, no empty text and the same variables in every language', () => {
    expectParity(widgetCatalogues, widgetVariable);
  });
});

describe('the parity check itself', () => {
  it('notices a missing key, an empty text and a changed variable', () => {
    const failures: Record<string, Strings>[] = [
      { en: { a: 'x', b: 'y' }, 'zh-CN': { a: 'x' } },
      { en: { a: 'x' }, 'zh-CN': { a: ' ' } },
      { en: { a: 'Hi {{name}}' }, 'zh-CN': { a: '你好 {{user}}' } },
    ];
    for (const byLocale of failures) expect(() => expectParity(byLocale, consoleVariable)).toThrow();
    expect(() => expectParity({ en: { a: 'Hi {{name}}' }, 'zh-CN': { a: '{{name}} 你好' } }, consoleVariable)).not.toThrow();
  });
});
