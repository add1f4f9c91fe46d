import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import fc from 'fast-check';
import { z } from 'zod';
import { projectRoot } from './server-process.js';

/**
 * fast-check arbitraries for hostile input. zod-fast-check supports zod 3 only, so request shapes come
 * from zod 4's own JSON Schema export (z.toJSONSchema) and are walked here.
 */

/** encodeURIComponent throws on lone surrogates; UTF-8 round-tripping replaces them. */
const wellFormed = (text: string) => Buffer.from(text, 'utf8').toString('utf8');

const HUGE = 'x'.repeat(70_000);
const HUGE_WIDE = '界'.repeat(100_000); // ~300 kB of UTF-8: over the body limit

/** Strings people do not type but clients send. */
export const hostileString: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom('', ' ', '\u0000', 'a\u0000b', '\ud800', 'x\udfffy', '\ufeff', '\u202e', '%', '%E0%A4%A', '%00', '%zz', '../../etc/passwd', "'; DROP TABLE users; --", '<script>alert(1)</script>', '{{constructor.constructor("return 1")()}}', '__proto__', 'null', 'NaN', '-1', '1e309', '9'.repeat(400), HUGE, HUGE_WIDE),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
);

const deepArray = JSON.parse(`${'['.repeat(2000)}${']'.repeat(2000)}`) as unknown;
const deepObject = JSON.parse(`${'{"a":'.repeat(2000)}1${'}'.repeat(2000)}`) as unknown;

/** Any JSON value, with hostile strings and numbers at every level. */
export const hostileJson: fc.Arbitrary<unknown> = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    hostileString,
    fc.constantFrom(0, -1, 1.5, -(2 ** 31), 2 ** 31, 2 ** 53, -(2 ** 63), 1e308, -1e308, true, false, null, deepArray, deepObject),
    fc.integer(),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(fc.oneof(hostileString, fc.constantFrom('__proto__', 'constructor', 'id', 'text', 'status')), tie('value'), { maxKeys: 4 }),
  ),
})).value;

type JsonSchema = {
  type?: string | string[];
  enum?: unknown[];
  const?: unknown;
  format?: string;
  minimum?: number;
  maximum?: number;
  maxLength?: number;
  items?: JsonSchema;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
};

/** Values a schema would mostly accept, so requests get past validation into the code behind it. */
function fromJsonSchema(schema: JsonSchema, ids: fc.Arbitrary<string>): fc.Arbitrary<unknown> {
  const options = schema.anyOf ?? schema.oneOf;
  if (options?.length) return fc.oneof(...options.map((option) => fromJsonSchema(option, ids)));
  if (schema.enum?.length) return fc.constantFrom(...schema.enum);
  if (schema.const !== undefined) return fc.constant(schema.const);
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  switch (type) {
    case 'string':
      if (schema.format === 'uuid') return ids;
      if (schema.format === 'email') return fc.emailAddress();
      if (schema.format === 'date-time') return fc.date({ noInvalidDate: true, min: new Date(2000, 0, 1), max: new Date(2100, 0, 1) }).map((date) => date.toISOString());
      return fc.string({ minLength: 1, maxLength: Math.min(schema.maxLength ?? 30, 30) });
    case 'integer':
      return fc.integer({ min: schema.minimum ?? -10, max: schema.maximum ?? 1000 });
    case 'number':
      return fc.double({ min: schema.minimum ?? -10, max: schema.maximum ?? 1000, noNaN: true });
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    case 'array':
      return fc.array(schema.items ? fromJsonSchema(schema.items, ids) : hostileJson, { maxLength: 3 });
    case 'object': {
      const properties = Object.fromEntries(Object.entries(schema.properties ?? {}).map(([key, value]) => [key, fromJsonSchema(value, ids)]));
      return fc.record(properties, { requiredKeys: (schema.required ?? []).filter((key) => key in properties) });
    }
    default:
      return hostileJson;
  }
}

/** A near-valid value with one field (or the whole) swapped for something hostile. */
function mutated(valid: fc.Arbitrary<unknown>): fc.Arbitrary<unknown> {
  return fc.tuple(valid, hostileJson, fc.nat()).map(([value, hostile, pick]) => {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return hostile;
    const keys = Object.keys(value);
    if (keys.length === 0) return hostile;
    return { ...value, [keys[pick % keys.length]!]: hostile };
  });
}

/** Every zod schema exported by src/modules/<name>/*.schemas.ts. */
export async function exportedSchemas(): Promise<z.ZodType[]> {
  const modulesDir = join(projectRoot, 'src', 'modules');
  const files = (await readdir(modulesDir, { recursive: true })).filter((file) => file.endsWith('.schemas.ts'));
  const schemas: z.ZodType[] = [];
  for (const file of files) {
    const exported = (await import(join(modulesDir, file))) as Record<string, unknown>;
    for (const value of Object.values(exported)) if (value instanceof z.ZodType) schemas.push(value);
  }
  return schemas;
}

/** Payloads shaped by the exported schemas (valid-ish and mutated) mixed with arbitrary hostile JSON. */
export function payloadFrom(schemas: z.ZodType[], ids: fc.Arbitrary<string>): fc.Arbitrary<unknown> {
  const shaped = schemas.flatMap((schema) => {
    try {
      return [fromJsonSchema(z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as JsonSchema, ids)];
    } catch {
      return []; // a schema JSON Schema cannot express: the generic payloads cover it
    }
  });
  if (shaped.length === 0) return hostileJson;
  const valid = fc.oneof(...shaped);
  return fc.oneof(valid, mutated(valid), hostileJson);
}

/** A path segment: a known id, a random one, or something malformed (broken %-escapes included, unencoded). */
export function pathSegment(ids: fc.Arbitrary<string>): fc.Arbitrary<string> {
  return fc.oneof(
    ids,
    fc.uuid(),
    fc.constantFrom('%', '%E0%A4%A', '%00', '%C0%80', '%zz', '..', '-1', '0', '99999999999999999999', 'x'.repeat(5000), '%F0%9F%98', '%ED%A0%80'),
    hostileString.map((text) => encodeURIComponent(wellFormed(text)).slice(0, 6000)),
  );
}

const QUERY_KEYS = ['q', 'limit', 'cursor', 'before', 'after', 'status', 'tab', 'teamId', 'assigneeId', 'inboxId', 'labelId', 'fileName', 'remoteContent', 'expires', 'signature', 'priority', 'page'];

/** A raw query string, malformed encodings and repeated keys included. */
export const queryString: fc.Arbitrary<string> = fc
  .array(
    fc.tuple(
      fc.oneof(fc.constantFrom(...QUERY_KEYS), fc.constantFrom('a[b]', 'a[]', '__proto__', '%', '%00')),
      fc.oneof(
        hostileString.map((text) => encodeURIComponent(wellFormed(text)).slice(0, 3000)),
        fc.constantFrom('%', '%E0%A4%A', '%00', '-1', '1e309', '100000', '', 'true'),
        fc.uuid(),
      ),
    ),
    { maxLength: 4 },
  )
  .map((pairs) => (pairs.length ? `?${pairs.map(([key, value]) => `${key}=${value}`).join('&')}` : ''));

export const contentType = fc.constantFrom(
  'application/json',
  'application/json; charset=utf-8',
  'application/json; charset=bogus',
  'application/json; charset=latin1',
  'application/json; charset=utf-16',
  'text/plain',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=x',
  'application/octet-stream',
  'image/png',
);
