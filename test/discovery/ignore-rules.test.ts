import { describe, expect, it } from 'vitest';
import { createIgnoreMatcher, rebaseIgnoreLines } from '../../src/discovery/ignore-rules.js';

describe('rebaseIgnoreLines', () => {
  it('keeps root rules as written, minus comments and blank lines', () => {
    expect(rebaseIgnoreLines('# comment\n\n*.log\r\n!keep.log\n/build/\n', '')).toEqual(['*.log', '!keep.log', '/build/']);
  });

  it('anchors patterns with a slash to their folder and lets the others match at any depth below it', () => {
    const content = ['*.log', 'tmp/', '/only-here.py', 'docs/*.md', '!keep.log', '**/cache', '\\#literal', ''].join('\n');
    expect(rebaseIgnoreLines(content, 'packages/api')).toEqual([
      'packages/api/**/*.log',
      'packages/api/**/tmp/',
      'packages/api/only-here.py',
      'packages/api/docs/*.md',
      '!packages/api/**/keep.log',
      'packages/api/**/cache',
      'packages/api/**/\\#literal',
    ]);
  });

  it('escapes glob characters in folder names', () => {
    expect(rebaseIgnoreLines('x.py', '[v1]*!#')).toEqual(['\\[v1\\]\\*\\!\\#/**/x.py']);
    const matcher = createIgnoreMatcher(undefined, rebaseIgnoreLines('x.py', '[v1]'));
    expect([matcher.ignores('[v1]/x.py'), matcher.ignores('v/x.py'), matcher.ignores('1/x.py')]).toEqual([true, false, false]);
  });
});

describe('createIgnoreMatcher', () => {
  it('lets a deeper file re-include a folder a shallower one excludes, as git does', () => {
    const root = createIgnoreMatcher(undefined, rebaseIgnoreLines('gen/\n*.tmp.py\n', ''));
    const nested = createIgnoreMatcher(root, rebaseIgnoreLines('!gen/\n', 'sub'));
    expect([
      nested.ignores('sub/gen/'),
      nested.ignores('sub/gen/a.py'),
      nested.ignores('sub/gen/b.tmp.py'),
      nested.ignores('other/gen/'),
      root.ignores('sub/gen/'),
    ]).toEqual([false, false, true, true, true]);
  });

  it('matches case-sensitively', () => {
    const matcher = createIgnoreMatcher(undefined, ['Secret.py']);
    expect([matcher.ignores('Secret.py'), matcher.ignores('secret.py')]).toEqual([true, false]);
  });
});
