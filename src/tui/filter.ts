import type { Endpoint } from '../result/types.js';
import { refOfEndpoint } from '../review/review-file.js';

/** Fields a `field:value` token may name; aliases map to the same field. */
const FIELD_ALIASES = {
  kind: 'kind',
  method: 'method',
  path: 'path',
  file: 'file',
  framework: 'framework',
  fw: 'framework',
  recommendation: 'recommendation',
  rec: 'recommendation',
  tag: 'tag',
  is: 'is',
} as const;

export type FilterField = (typeof FIELD_ALIASES)[keyof typeof FIELD_ALIASES];

export interface FilterTerm {
  /** `text` is a free-text token, matched against the method, path and handler file. */
  field: FilterField | 'text';
  /** Any of these matches (`kind:cpu,mixed`). Lower case. */
  values: string[];
  /** A leading `-` keeps the endpoints that do not match. */
  negate: boolean;
}

/** Facts about an endpoint that live outside the result: the reviewer's marks and decisions. */
export interface FilterContext {
  marked: ReadonlySet<string>;
  reviewed: ReadonlySet<string>;
  noted: ReadonlySet<string>;
}

/**
 * Splits a filter into terms: `kind:cpu`, `rec:go`, `fw:express`, `tag:ml`, `method:post`,
 * `path:/users`, `file:auth`, `is:marked|reviewed|noted`, free text, each negatable with
 * `-`. A token whose prefix is not a known field (`/users/:id`) is free text, so route
 * parameters never turn into fields.
 */
export function parseFilter(text: string): FilterTerm[] {
  const terms: FilterTerm[] = [];
  for (const raw of text.trim().split(/\s+/)) {
    if (raw === '' || raw === '-') continue;
    const negate = raw.startsWith('-') && raw.length > 1;
    const token = (negate ? raw.slice(1) : raw).toLowerCase();
    const colon = token.indexOf(':');
    const name = colon > 0 ? token.slice(0, colon) : '';
    const field = Object.hasOwn(FIELD_ALIASES, name) ? FIELD_ALIASES[name as keyof typeof FIELD_ALIASES] : undefined;
    if (field) {
      const values = token
        .slice(colon + 1)
        .split(',')
        .filter((value) => value !== '');
      if (values.length > 0) terms.push({ field, values, negate });
    } else {
      terms.push({ field: 'text', values: [token], negate });
    }
  }
  return terms;
}

export function matchesFilter(endpoint: Endpoint, terms: readonly FilterTerm[], context: FilterContext): boolean {
  return terms.every((term) => matchesTerm(endpoint, term, context) !== term.negate);
}

function matchesTerm(endpoint: Endpoint, term: FilterTerm, context: FilterContext): boolean {
  return term.values.some((value) => matchesValue(endpoint, term.field, value, context));
}

function matchesValue(endpoint: Endpoint, field: FilterField | 'text', value: string, context: FilterContext): boolean {
  switch (field) {
    case 'text':
      return endpoint.key.toLowerCase().includes(value);
    case 'kind':
      return endpoint.classification.kind.startsWith(value);
    case 'method':
      return endpoint.method.toLowerCase().startsWith(value);
    case 'path':
      return endpoint.path.toLowerCase().includes(value);
    case 'file':
      return refOfEndpoint(endpoint).file.toLowerCase().includes(value) || endpoint.file.toLowerCase().includes(value);
    case 'framework':
      return endpoint.framework.toLowerCase().startsWith(value);
    case 'recommendation':
      return (endpoint.recommendation?.target ?? 'none').startsWith(value);
    case 'tag':
      return endpoint.classification.tags.some((tag) => tag.startsWith(value));
    case 'is':
      if ('marked'.startsWith(value)) return context.marked.has(endpoint.key);
      if ('reviewed'.startsWith(value)) return context.reviewed.has(endpoint.key);
      if ('noted'.startsWith(value)) return context.noted.has(endpoint.key);
      return false;
  }
}
