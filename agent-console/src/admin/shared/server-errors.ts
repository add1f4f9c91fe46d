import { ApiError } from '../../api/client';

export interface FieldProblem {
  path: string;
  message: string;
}

/** The per-field problems of a 400 answer (`details: [{path, message}]`), or none. */
export function validationDetails(error: unknown): FieldProblem[] {
  if (!(error instanceof ApiError) || !Array.isArray(error.details)) return [];
  return error.details.flatMap((detail: unknown) => {
    const { path, message } = (detail ?? {}) as Partial<FieldProblem>;
    return typeof message === 'string' ? [{ path: typeof path === 'string' ? path : '', message }] : [];
  });
}

/**
 * "businessHours.intervals.0.close" in words, e.g. "Business hours › Row 1 › Closes":
 * `field` names a known key (undefined for unknown ones, shown as they are), `row` a list position.
 */
export function pathInWords(path: string, field: (key: string) => string | undefined, row: (index: number) => string): string {
  if (!path) return '';
  return path
    .split('.')
    .map((part) => (/^\d+$/.test(part) ? row(Number(part) + 1) : (field(part) ?? part)))
    .join(' › ');
}
