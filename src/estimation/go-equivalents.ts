import { readFileSync } from 'node:fs';
import { normalizePypiName } from './code-facts.js';

/**
 * The Go-equivalents table (data/go-equivalents.json, schema next to it): which Go module takes
 * over each npm / PyPI package's job, and how well.
 *
 * - `drop-in`: a mature Go module does the same job with the same concepts; call sites port
 *   line by line, which the baseline already prices.
 * - `different-api`: the job is covered but the programming model differs (an ORM for a query
 *   builder, decorators for explicit code, dynamic schemas for structs): call sites are redesigned.
 * - `none`: no maintained Go module does the job; it is written by hand, wrapped, or kept in a
 *   service of its own.
 */
export type GoFit = 'drop-in' | 'different-api' | 'none';

export interface GoEquivalent {
  ecosystem: 'npm' | 'pypi';
  /** Package name as published; a trailing `*` covers a family (`@aws-sdk/*`, `lodash.*`). */
  name: string;
  /** Python import roots when they differ from the package name (`sklearn`, `PIL`, `jwt`). */
  imports?: string[];
  go: string[];
  fit: GoFit;
  note: string;
}

export interface GoEquivalentsFile {
  description?: string;
  entries: GoEquivalent[];
}

let packaged: readonly GoEquivalent[] | undefined;

/** The table shipped in the package's data/ folder (read once; it is the tool's own data). */
export function loadGoEquivalents(): readonly GoEquivalent[] {
  if (!packaged) {
    const url = new URL('../../data/go-equivalents.json', import.meta.url);
    packaged = Object.freeze((JSON.parse(readFileSync(url, 'utf8')) as GoEquivalentsFile).entries);
  }
  return packaged;
}

export function packageKey(ecosystem: 'npm' | 'pypi', name: string): string {
  return `${ecosystem}:${ecosystem === 'pypi' ? normalizePypiName(name) : name.toLowerCase()}`;
}

export interface GoEquivalentIndex {
  lookup(ecosystem: 'npm' | 'pypi', name: string): GoEquivalent | undefined;
  /** Python import roots of a PyPI package: the table's `imports`, else the name with `_`. */
  importRootsOf(name: string): string[];
}

export function indexGoEquivalents(entries: readonly GoEquivalent[]): GoEquivalentIndex {
  const byKey = new Map<string, GoEquivalent>();
  // Families (`@aws-sdk/*`, `lodash.*`), longest prefix first so the most specific one wins.
  const families: { ecosystem: string; prefix: string; entry: GoEquivalent }[] = [];
  for (const entry of entries) {
    if (entry.name.endsWith('*')) {
      families.push({ ecosystem: entry.ecosystem, prefix: entry.name.slice(0, -1).toLowerCase(), entry });
    } else {
      byKey.set(packageKey(entry.ecosystem, entry.name), entry);
    }
  }
  families.sort((a, b) => b.prefix.length - a.prefix.length || a.prefix.localeCompare(b.prefix));
  return {
    lookup(ecosystem, name) {
      const exact = byKey.get(packageKey(ecosystem, name));
      if (exact) return exact;
      const lower = name.toLowerCase();
      return families.find((family) => family.ecosystem === ecosystem && lower.startsWith(family.prefix))?.entry;
    },
    importRootsOf(name) {
      const entry = byKey.get(packageKey('pypi', name));
      return entry?.imports ?? [normalizePypiName(name).replace(/-/g, '_')];
    },
  };
}
