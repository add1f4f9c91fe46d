/*
 * Readable, distinct names for customers nobody has named yet ("Blue Dolphin", "访客 蓝色海豚"),
 * the same every time for the same seed (the customer's id). Import-free: the console compiles it too.
 */

export type VisitorNameLocale = 'en' | 'zh-CN';

const COLOURS: readonly (readonly [string, string])[] = [
  ['Amber', '琥珀色'],
  ['Blue', '蓝色'],
  ['Coral', '珊瑚色'],
  ['Crimson', '深红色'],
  ['Golden', '金色'],
  ['Green', '绿色'],
  ['Grey', '灰色'],
  ['Indigo', '靛蓝色'],
  ['Jade', '翡翠色'],
  ['Lilac', '淡紫色'],
  ['Orange', '橙色'],
  ['Pink', '粉色'],
  ['Purple', '紫色'],
  ['Red', '红色'],
  ['Silver', '银色'],
  ['Teal', '青色'],
];

const ANIMALS: readonly (readonly [string, string])[] = [
  ['Badger', '獾'],
  ['Crane', '仙鹤'],
  ['Deer', '小鹿'],
  ['Dolphin', '海豚'],
  ['Eagle', '雄鹰'],
  ['Falcon', '猎鹰'],
  ['Fox', '狐狸'],
  ['Heron', '苍鹭'],
  ['Koala', '考拉'],
  ['Lynx', '猞猁'],
  ['Otter', '水獭'],
  ['Owl', '猫头鹰'],
  ['Panda', '熊猫'],
  ['Penguin', '企鹅'],
  ['Rabbit', '兔子'],
  ['Seal', '海豹'],
  ['Sparrow', '麻雀'],
  ['Swan', '天鹅'],
  ['Tiger', '老虎'],
  ['Turtle', '海龟'],
  ['Whale', '鲸鱼'],
  ['Wolf', '狼'],
  ['Yak', '牦牛'],
  ['Zebra', '斑马'],
];

/** FNV-1a: a small, well-spread hash of the seed, the same in every JavaScript engine. */
function hash(seed: string): number {
  let value = 0x811c9dc5;
  for (let index = 0; index < seed.length; index++) {
    value ^= seed.charCodeAt(index);
    value = Math.imul(value, 0x01000193) >>> 0;
  }
  return value;
}

/** A colour and an animal picked by the seed: 384 names, in English or Chinese. */
export function visitorName(seed: string, locale: VisitorNameLocale): string {
  const value = hash(seed);
  const colour = COLOURS[value % COLOURS.length]!;
  const animal = ANIMALS[Math.floor(value / COLOURS.length) % ANIMALS.length]!;
  return locale === 'zh-CN' ? `访客 ${colour[1]}${animal[1]}` : `${colour[0]} ${animal[0]}`;
}
