import { describe, expect, it } from 'vitest';
import { comparePaths } from '../../src/discovery/compare-paths.js';

describe('comparePaths', () => {
  it('sorts by UTF-8 bytes, including characters beyond U+FFFF', () => {
    const paths = ['𝒳.py', 'ｚ.py', 'é.py', 'a/b.py', 'a.py', 'a-b.py', 'B.py', 'a'];
    expect([...paths].sort(comparePaths)).toEqual(['B.py', 'a', 'a-b.py', 'a.py', 'a/b.py', 'é.py', 'ｚ.py', '𝒳.py']);
    // The same order as sorting the UTF-8 encodings byte by byte.
    const byBytes = [...paths].sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
    expect([...paths].sort(comparePaths)).toEqual(byBytes);
  });

  it('returns zero only for equal strings', () => {
    expect(comparePaths('src/a.ts', 'src/a.ts')).toBe(0);
    expect(Math.sign(comparePaths('src/a.ts', 'src/a.tsx'))).toBe(-1);
    expect(Math.sign(comparePaths('src/b.ts', 'src/a.ts'))).toBe(1);
  });
});
