import { describe, expect, test } from 'vitest';
import { kindRole, selectTheme, targetRole } from '../../src/tui/theme.js';

describe('the theme', () => {
  test('uses only the eight base ANSI colours, which terminals adapt to dark and light backgrounds', () => {
    const colours = new Set(Object.values(selectTheme(true)).flatMap((style) => (style.color ? [style.color] : [])));
    expect([...colours].sort()).toEqual(['blue', 'cyan', 'green', 'magenta', 'red', 'yellow']);
  });

  test('without colour (NO_COLOR) keeps only bold, dim and inverse', () => {
    const plain = selectTheme(false);
    expect(Object.values(plain).filter((style) => 'color' in style)).toEqual([]);
    expect(plain.selected).toEqual({ inverse: true });
    expect(plain['kind-cpu']).toEqual({});
    expect(plain['rec-go']).toEqual({ bold: true });
    expect(selectTheme(true)['kind-cpu']).toEqual({ color: 'red' });
  });

  test('maps kinds and targets to roles', () => {
    expect([kindRole('io'), kindRole('cpu'), kindRole('mixed'), kindRole('unknown')]).toEqual(['kind-io', 'kind-cpu', 'kind-mixed', 'kind-unknown']);
    expect([targetRole('go'), targetRole('keep-node'), targetRole('keep-python'), targetRole('not-worth-it'), targetRole(null)]).toEqual([
      'rec-go',
      'rec-keep',
      'rec-keep',
      'rec-not-worth-it',
      'muted',
    ]);
  });
});
