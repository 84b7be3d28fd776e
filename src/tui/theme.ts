import type { Kind } from '../classification/types.js';
import type { Target } from '../estimation/types.js';

/** What a piece of text means; the theme decides how it looks. */
export type Role =
  | 'plain'
  | 'heading'
  | 'muted'
  | 'accent'
  | 'success'
  | 'warning'
  | 'error'
  | 'selected'
  | 'marked'
  | 'kind-io'
  | 'kind-cpu'
  | 'kind-mixed'
  | 'kind-unknown'
  | 'rec-go'
  | 'rec-keep'
  | 'rec-not-worth-it'
  | 'source-focus';

/** The subset of ink's Text props the theme sets. */
export interface TextStyle {
  color?: string;
  bold?: boolean;
  dimColor?: boolean;
  inverse?: boolean;
}

export type Theme = Readonly<Record<Role, TextStyle>>;

/**
 * Only the eight base ANSI colours, never white, black or grey: terminals map those eight
 * to their own palette, so they stay readable on dark and light backgrounds alike, while
 * a fixed RGB or "white" text vanishes on one of the two. Emphasis that must survive
 * without colour (the selected row, headings) uses inverse and bold, which NO_COLOR allows.
 */
const COLOURED: Theme = {
  plain: {},
  heading: { bold: true },
  muted: { dimColor: true },
  accent: { color: 'blue', bold: true },
  success: { color: 'green' },
  warning: { color: 'yellow' },
  error: { color: 'red', bold: true },
  selected: { inverse: true },
  marked: { color: 'magenta', bold: true },
  'kind-io': { color: 'cyan' },
  'kind-cpu': { color: 'red' },
  'kind-mixed': { color: 'yellow' },
  'kind-unknown': { dimColor: true },
  'rec-go': { color: 'green', bold: true },
  'rec-keep': { color: 'blue' },
  'rec-not-worth-it': { dimColor: true },
  'source-focus': { bold: true },
};

/** Strips every colour from a theme, keeping bold, dim and inverse. */
function withoutColour(theme: Theme): Theme {
  const entries = Object.entries(theme).map(([role, style]) => {
    const { color: _dropped, ...rest } = style;
    return [role, rest];
  });
  return Object.fromEntries(entries) as Theme;
}

const MONOCHROME = withoutColour(COLOURED);

export function selectTheme(color: boolean): Theme {
  return color ? COLOURED : MONOCHROME;
}

export function kindRole(kind: Kind): Role {
  return `kind-${kind}`;
}

export function targetRole(target: Target | null | undefined): Role {
  if (target === 'go') return 'rec-go';
  if (target === 'keep-node' || target === 'keep-python') return 'rec-keep';
  if (target === 'not-worth-it') return 'rec-not-worth-it';
  return 'muted';
}
