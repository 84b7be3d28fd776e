import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, InputFileError } from '../../src/errors.js';
import { parsePullRequestEvent, readPullRequestEvent } from '../../src/github/pull-request-event.js';
import { redactSecret } from '../../src/github/redact.js';
import { deriveWebUrl, parseRepositorySlug } from '../../src/github/repository.js';

describe('deriveWebUrl', () => {
  it('maps each kind of API root to the web host the file links use', () => {
    expect(deriveWebUrl('https://api.github.com')).toBe('https://github.com');
    expect(deriveWebUrl('https://api.github.com/')).toBe('https://github.com');
    expect(deriveWebUrl('https://ghe.example.com/api/v3')).toBe('https://ghe.example.com');
    expect(deriveWebUrl('https://ghe.example.com:8443/api/v3/')).toBe('https://ghe.example.com:8443');
    expect(deriveWebUrl('https://api.acme.ghe.com')).toBe('https://acme.ghe.com');
  });
});

describe('parseRepositorySlug', () => {
  it('splits OWNER/NAME and rejects anything else', () => {
    expect(parseRepositorySlug('acme/shop.api')).toEqual({ owner: 'acme', repo: 'shop.api' });
    expect(() => parseRepositorySlug('acme')).toThrow(new ConfigError('repository "acme" is not of the form OWNER/NAME'));
    expect(() => parseRepositorySlug('acme/shop/extra')).toThrow(ConfigError);
  });
});

describe('pull request events', () => {
  const event = {
    action: 'opened',
    number: 42,
    pull_request: {
      number: 42,
      base: { sha: 'b'.repeat(40), ref: 'main', repo: { full_name: 'acme/shop' } },
      head: { sha: 'h'.repeat(40), ref: 'feature', repo: { full_name: 'fork/shop' } },
    },
  };

  it('reads the number, both SHAs and the base repository', () => {
    expect(parsePullRequestEvent(event)).toEqual({ number: 42, baseSha: 'b'.repeat(40), headSha: 'h'.repeat(40), repository: 'acme/shop' });
  });

  it('returns null for events without a pull request, and rejects a broken one', () => {
    expect(parsePullRequestEvent({ ref: 'refs/heads/main', after: 'x' })).toBeNull();
    expect(() => parsePullRequestEvent({ pull_request: { number: 1, base: {} } })).toThrow(
      new ConfigError('the pull_request in the GitHub event has no number, base.sha or head.sha'),
    );
  });

  it('reads the event file, naming it when it is missing or not JSON', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'gonogo-event-'));
    try {
      const file = path.join(dir, 'event.json');
      writeFileSync(file, JSON.stringify(event));
      expect((await readPullRequestEvent(file))?.number).toBe(42);
      writeFileSync(file, '{ not json');
      await expect(readPullRequestEvent(file)).rejects.toThrow(new InputFileError(`the GitHub event file ${file} is not valid JSON`));
      const missing = path.join(dir, 'missing.json');
      await expect(readPullRequestEvent(missing)).rejects.toThrow(new InputFileError(`cannot read the GitHub event file ${missing}: ENOENT`));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('redactSecret', () => {
  it('replaces every occurrence, and leaves text alone without a secret', () => {
    expect(redactSecret('a ghs_abc123 b ghs_abc123', 'ghs_abc123')).toBe('a *** b ***');
    expect(redactSecret('nothing to hide', undefined)).toBe('nothing to hide');
  });
});
