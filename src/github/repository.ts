import { ConfigError } from '../errors.js';

/** `owner/name` into its parts; anything else is a usage error naming the value. */
export function parseRepositorySlug(slug: string): { owner: string; repo: string } {
  const match = /^([A-Za-z0-9_.-]+)\/([A-Za-z0-9_.-]+)$/.exec(slug.trim());
  if (!match) throw new ConfigError(`repository "${slug}" is not of the form OWNER/NAME`);
  return { owner: match[1]!, repo: match[2]! };
}

/**
 * The web host that matches a REST API root: api.github.com serves github.com; GitHub Enterprise
 * Server serves its API under https://HOST/api/v3, and GHE.com under https://api.SUBDOMAIN.ghe.com.
 */
export function deriveWebUrl(apiUrl: string): string {
  const url = new URL(apiUrl);
  if (url.hostname === 'api.github.com') return 'https://github.com';
  if (url.hostname.startsWith('api.') && url.hostname.endsWith('.ghe.com')) {
    return `${url.protocol}//${url.hostname.slice(4)}${url.port ? `:${url.port}` : ''}`;
  }
  const path = url.pathname.replace(/\/+$/, '').replace(/\/api\/v3$/, '');
  return `${url.protocol}//${url.host}${path}`;
}
