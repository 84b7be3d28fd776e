import { readFileSync } from 'node:fs';

/** The package version, read from the package.json that ships beside dist/. */
export function readToolVersion(): string {
  const url = new URL('../../package.json', import.meta.url);
  const pkg = JSON.parse(readFileSync(url, 'utf8')) as { version: string };
  return pkg.version;
}
