import type { ReviewAction } from './reducer.js';

/** The fields of ink's `Key` this translation reads (kept structural so this file needs no ink). */
export interface PressedKey {
  upArrow: boolean;
  downArrow: boolean;
  leftArrow: boolean;
  rightArrow: boolean;
  pageDown: boolean;
  pageUp: boolean;
  home?: boolean;
  end?: boolean;
  return: boolean;
  escape: boolean;
  ctrl: boolean;
  tab: boolean;
  backspace: boolean;
  delete: boolean;
  meta: boolean;
}

/**
 * Turns one keypress as ink reports it into a reducer action. Terminals disagree on what
 * the backspace key sends (BS or DEL), so both erase. Ctrl+C becomes `interrupt`, which
 * asks before dropping unwritten decisions instead of killing the process.
 */
export function translateKey(input: string, key: PressedKey): ReviewAction | null {
  if (key.ctrl && input === 'c') return { type: 'interrupt' };
  if (key.return) return { type: 'key', name: 'enter' };
  if (key.escape) return { type: 'key', name: 'escape' };
  if (key.upArrow) return { type: 'key', name: 'up' };
  if (key.downArrow) return { type: 'key', name: 'down' };
  if (key.leftArrow) return { type: 'key', name: 'left' };
  if (key.rightArrow) return { type: 'key', name: 'right' };
  if (key.pageDown) return { type: 'key', name: 'pagedown' };
  if (key.pageUp) return { type: 'key', name: 'pageup' };
  if (key.home) return { type: 'key', name: 'home' };
  if (key.end) return { type: 'key', name: 'end' };
  if (key.backspace || key.delete) return { type: 'key', name: 'backspace' };
  if (key.tab) return { type: 'key', name: 'tab' };
  if (key.ctrl || key.meta || input === '') return null;
  return { type: 'text', text: input };
}
