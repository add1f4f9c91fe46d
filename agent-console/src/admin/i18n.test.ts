import { describe, expect, it } from 'vitest';
import en from '../i18n/locales/en/admin.json';
import zh from '../i18n/locales/zh-CN/admin.json';

function keys(value: object, prefix = ''): string[] {
  return Object.entries(value).flatMap(([key, child]) => (typeof child === 'object' && child !== null ? keys(child as object, `${prefix}${key}.`) : [`${prefix}${key}`]));
}

describe('admin translations', () => {
  it('has every English string in Simplified Chinese, and no other', () => {
    expect(keys(zh).sort()).toEqual(keys(en).sort());
  });

  it('leaves no string empty', () => {
    const empty = (strings: object) => keys(strings).filter((key) => !key.split('.').reduce<unknown>((node, part) => (node as Record<string, unknown>)[part], strings));
    expect(empty(en)).toEqual([]);
    expect(empty(zh)).toEqual([]);
  });
});
