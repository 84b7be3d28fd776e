import { promises as fs } from 'node:fs';
import path from 'node:path';
import { Ajv, type ErrorObject } from 'ajv';
import { InputFileError, OutputError } from '../errors.js';
import type { ReviewDecision } from '../pipeline/types.js';
import type { Endpoint } from '../result/types.js';
import type { Target } from '../estimation/types.js';
import { JsonSyntaxError, parseLocatedJson } from './locate-json.js';

/** The file's name at the repository root; documented in docs/review-file.md. */
export const REVIEW_FILE_NAME = 'gonogo.review.json';
export const REVIEW_FILE_VERSION = 1;

export type ReviewKind = NonNullable<ReviewDecision['kind']>;
export const REVIEW_KINDS: readonly ReviewKind[] = ['io', 'cpu', 'mixed'];
export const REVIEW_TARGETS: readonly Target[] = ['go', 'keep-node', 'keep-python', 'not-worth-it'];

/** Names an endpoint the way its key does: method, full path and handler file. */
export interface EndpointRef {
  method: string;
  path: string;
  file: string;
}

/** One decision as stored in the file: the endpoint spelled out, so a diff reads without a key format. */
export interface ReviewEntry {
  endpoint: EndpointRef;
  kind?: ReviewKind;
  recommendation?: Target;
  note?: string;
}

interface ReviewFileShape {
  version: number;
  decisions: ReviewEntry[];
}

const REVIEW_FILE_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  required: ['version', 'decisions'],
  properties: {
    version: { const: REVIEW_FILE_VERSION },
    decisions: { type: 'array', items: { $ref: '#/$defs/decision' } },
  },
  $defs: {
    decision: {
      type: 'object',
      additionalProperties: false,
      required: ['endpoint'],
      properties: {
        endpoint: {
          type: 'object',
          additionalProperties: false,
          required: ['method', 'path', 'file'],
          properties: {
            method: { type: 'string', pattern: '^[A-Z]+$' },
            path: { type: 'string', minLength: 1 },
            file: { type: 'string', minLength: 1 },
          },
        },
        kind: { enum: [...REVIEW_KINDS] },
        recommendation: { enum: [...REVIEW_TARGETS] },
        note: { type: 'string', minLength: 1 },
      },
    },
  },
} as const;

const validateShape = new Ajv({ allErrors: false, strict: true }).compile<ReviewFileShape>(REVIEW_FILE_SCHEMA);

/** `METHOD path file`: the same key `Endpoint.key` carries. */
export function formatEndpointKey(ref: EndpointRef): string {
  return `${ref.method} ${ref.path} ${ref.file}`;
}

/**
 * The endpoint's reference, taken from its key so it always agrees with the key the
 * pipeline matches on (the key's file is the handler's file when the handler was located).
 */
export function refOfEndpoint(endpoint: Pick<Endpoint, 'key' | 'method' | 'path' | 'file'>): EndpointRef {
  const prefix = `${endpoint.method} ${endpoint.path} `;
  const file = endpoint.key.startsWith(prefix) ? endpoint.key.slice(prefix.length) : endpoint.file;
  return { method: endpoint.method, path: endpoint.path, file };
}

export function toReviewDecision(entry: ReviewEntry): ReviewDecision {
  const decision: ReviewDecision = { key: formatEndpointKey(entry.endpoint) };
  if (entry.kind !== undefined) decision.kind = entry.kind;
  if (entry.recommendation !== undefined) decision.recommendation = entry.recommendation;
  if (entry.note !== undefined) decision.note = entry.note;
  return decision;
}

/** Code-unit order, not locale order: the file must sort the same on every machine. */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function compareEntries(a: ReviewEntry, b: ReviewEntry): number {
  return (
    compareText(a.endpoint.method, b.endpoint.method) ||
    compareText(a.endpoint.path, b.endpoint.path) ||
    compareText(a.endpoint.file, b.endpoint.file)
  );
}

/** True when the entry still decides something (an entry stripped of every field is dropped). */
export function isEffectiveEntry(entry: ReviewEntry): boolean {
  return entry.kind !== undefined || entry.recommendation !== undefined || (entry.note !== undefined && entry.note !== '');
}

/**
 * The file's text: decisions sorted by method, path and file, keys sorted, two-space
 * indentation, a trailing newline. One decision per block and one field per line keeps a
 * relabel a one-line diff and two reviewers' additions mergeable.
 */
export function serializeReviewFile(entries: readonly ReviewEntry[]): string {
  const decisions = entries
    .filter(isEffectiveEntry)
    .slice()
    .sort(compareEntries)
    .map((entry) => {
      const ordered: Record<string, unknown> = {
        endpoint: { file: entry.endpoint.file, method: entry.endpoint.method, path: entry.endpoint.path },
      };
      if (entry.kind !== undefined) ordered.kind = entry.kind;
      if (entry.note !== undefined && entry.note !== '') ordered.note = entry.note;
      if (entry.recommendation !== undefined) ordered.recommendation = entry.recommendation;
      return ordered;
    });
  return `${JSON.stringify({ decisions, version: REVIEW_FILE_VERSION }, null, 2)}\n`;
}

/** Parses and validates the file's text; `label` names the file in errors. */
export function parseReviewFile(text: string, label: string): ReviewEntry[] {
  let located;
  try {
    located = parseLocatedJson(text);
  } catch (error) {
    if (error instanceof JsonSyntaxError) {
      throw new InputFileError(`${label}:${error.line}:${error.column}: invalid JSON: ${error.reason}`, { cause: error });
    }
    throw error;
  }
  const { value, lines } = located;
  const lineOf = (pointer: string): number => lines.get(pointer) ?? lines.get(parentPointer(pointer)) ?? 1;

  const version = isRecord(value) ? value.version : undefined;
  if (typeof version === 'number' && version !== REVIEW_FILE_VERSION) {
    throw new InputFileError(
      `${label}:${lineOf('/version')}: unsupported version ${version}; this gonogo reads version ${REVIEW_FILE_VERSION}`,
    );
  }
  if (!validateShape(value)) {
    const error = (validateShape.errors ?? [])[0];
    if (!error) throw new InputFileError(`${label}:1: not a valid review file`);
    const { pointer, message } = describeSchemaError(error);
    throw new InputFileError(`${label}:${lineOf(pointer)}: ${message}`);
  }

  const firstIndexByKey = new Map<string, number>();
  const entries: ReviewEntry[] = [];
  value.decisions.forEach((decision, index) => {
    const key = formatEndpointKey(decision.endpoint);
    const earlier = firstIndexByKey.get(key);
    if (earlier !== undefined) {
      throw new InputFileError(
        `${label}:${lineOf(`/decisions/${index}`)}: decisions[${index}] repeats the endpoint of decisions[${earlier}] (${key}); keep one decision per endpoint`,
      );
    }
    if (!isEffectiveEntry(decision)) {
      throw new InputFileError(
        `${label}:${lineOf(`/decisions/${index}`)}: decisions[${index}] decides nothing: give at least one of kind, recommendation, note`,
      );
    }
    firstIndexByKey.set(key, index);
    entries.push(canonicalEntry(decision));
  });
  return entries.sort(compareEntries);
}

/** Reads the review file at the root; null when there is none. */
export async function readReviewEntries(root: string): Promise<{ entries: ReviewEntry[]; path: string } | null> {
  const filePath = path.join(root, REVIEW_FILE_NAME);
  let text: string;
  try {
    text = await fs.readFile(filePath, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return null;
    throw new InputFileError(`${filePath}: cannot read the review file (${code ?? String(error)})`, { cause: error });
  }
  return { entries: parseReviewFile(text, filePath), path: filePath };
}

/**
 * The decisions of `gonogo.review.json` at the root, for the pipeline to apply; null when
 * the file does not exist. A malformed file throws InputFileError naming the line.
 */
export async function loadReviewFile(root: string): Promise<{ decisions: ReviewDecision[]; path: string } | null> {
  const loaded = await readReviewEntries(root);
  if (!loaded) return null;
  return { decisions: loaded.entries.map(toReviewDecision), path: loaded.path };
}

/**
 * Writes the review file atomically (a temporary file beside it, then a rename), so an
 * interrupted write never leaves a half-written file for CI to choke on. Returns its path.
 */
export async function writeReviewFile(root: string, entries: readonly ReviewEntry[]): Promise<string> {
  const target = path.join(root, REVIEW_FILE_NAME);
  const temporary = path.join(root, `.${REVIEW_FILE_NAME}.${process.pid}.tmp`);
  try {
    await fs.writeFile(temporary, serializeReviewFile(entries), { flag: 'w' });
    await fs.rename(temporary, target);
  } catch (error) {
    await fs.rm(temporary, { force: true }).catch(() => undefined);
    const code = (error as NodeJS.ErrnoException).code;
    throw new OutputError(`cannot write ${target}: ${code ?? String(error)}`, { cause: error });
  }
  return target;
}

/** A copy with its fields in one fixed order, so equal decisions compare and serialise equal. */
export function canonicalEntry(entry: ReviewEntry): ReviewEntry {
  const copy: ReviewEntry = { endpoint: { method: entry.endpoint.method, path: entry.endpoint.path, file: entry.endpoint.file } };
  if (entry.kind !== undefined) copy.kind = entry.kind;
  if (entry.recommendation !== undefined) copy.recommendation = entry.recommendation;
  if (entry.note !== undefined) copy.note = entry.note;
  return copy;
}

function describeSchemaError(error: ErrorObject): { pointer: string; message: string } {
  const where = describePointer(error.instancePath);
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'required':
      return { pointer: error.instancePath, message: `${where} is missing "${String(params.missingProperty)}"` };
    case 'additionalProperties': {
      const key = String(params.additionalProperty);
      const allowed = allowedKeysAt(error.instancePath);
      return {
        pointer: `${error.instancePath}/${key}`,
        message: `${where} has an unknown key "${key}" (allowed: ${allowed.join(', ')})`,
      };
    }
    case 'enum':
      return {
        pointer: error.instancePath,
        message: `${where} must be one of ${(params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`,
      };
    case 'type':
      return { pointer: error.instancePath, message: `${where} must be ${article(String(params.type))}` };
    case 'minLength':
      return { pointer: error.instancePath, message: `${where} must not be empty` };
    case 'pattern':
      return { pointer: error.instancePath, message: `${where} must be an upper-case HTTP method such as GET, POST or WS` };
    case 'const':
      return { pointer: error.instancePath, message: `${where} must be ${JSON.stringify(params.allowedValue)}` };
    default:
      return { pointer: error.instancePath, message: `${where} ${error.message ?? 'is invalid'}` };
  }
}

function allowedKeysAt(pointer: string): string[] {
  if (pointer === '') return ['decisions', 'version'];
  if (/^\/decisions\/\d+$/.test(pointer)) return ['endpoint', 'kind', 'note', 'recommendation'];
  return ['file', 'method', 'path'];
}

/** `/decisions/2/endpoint/method` reads as `decisions[2].endpoint.method`. */
function describePointer(pointer: string): string {
  if (pointer === '') return 'the file';
  return pointer
    .slice(1)
    .split('/')
    .map((token) => token.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce((text, token) => (/^\d+$/.test(token) ? `${text}[${token}]` : text === '' ? token : `${text}.${token}`), '');
}

function parentPointer(pointer: string): string {
  return pointer.slice(0, Math.max(0, pointer.lastIndexOf('/')));
}

function article(type: string): string {
  return `${/^[aeiou]/.test(type) ? 'an' : 'a'} ${type}`;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
