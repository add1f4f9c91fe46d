import { describe, expect, it } from 'vitest';
import { visitorName } from '../../src/domain/visitor-name.js';

describe('visitorName', () => {
  it('is the same name for the same seed, in English and Chinese', () => {
    const seed = '7f1c2a9e-3b1d-4c55-9f0e-2a6b8d4e1c33';
    expect(visitorName(seed, 'en')).toBe(visitorName(seed, 'en'));
    expect(visitorName(seed, 'en')).toMatch(/^[A-Z][a-z]+ [A-Z][a-z]+$/);
    expect(visitorName(seed, 'zh-CN')).toMatch(/^访客 \S+$/);
  });

  it('pairs the languages: the Chinese name is the English one translated', () => {
    const seeds = ['a', 'b', 'c', 'visitor-1'];
    const pairs = seeds.map((seed) => [visitorName(seed, 'en'), visitorName(seed, 'zh-CN')]);
    for (const [english, chinese] of pairs) {
      const same = pairs.filter(([otherEnglish]) => otherEnglish === english);
      expect(new Set(same.map(([, otherChinese]) => otherChinese))).toEqual(new Set([chinese]));
    }
  });

  it('tells most visitors apart', () => {
    const names = new Set(Array.from({ length: 100 }, (_, index) => visitorName(`00000000-0000-4000-8000-${String(index).padStart(12, '0')}`, 'en')));
    expect(names.size).toBeGreaterThan(80);
  });
});
