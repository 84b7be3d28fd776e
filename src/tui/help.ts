/** Every key the review UI understands, in the order the help view lists them. */
export interface KeyHelp {
  keys: string;
  action: string;
}

export interface HelpSection {
  title: string;
  keys: KeyHelp[];
}

export const HELP_SECTIONS: readonly HelpSection[] = [
  {
    title: 'Move',
    keys: [
      { keys: 'j / down, k / up', action: 'next / previous endpoint (scroll in the detail view)' },
      { keys: 'g / home, G / end', action: 'first / last' },
      { keys: 'pgdn, pgup', action: 'a page down / up' },
      { keys: 'enter', action: 'open the evidence of the endpoint' },
      { keys: 'q', action: 'back; quit from the list (asks when changes are unwritten)' },
      { keys: 'esc', action: 'leave any mode; clear marks, then the filter' },
    ],
  },
  {
    title: 'Find',
    keys: [
      { keys: '/', action: 'filter: kind:cpu rec:go fw:express tag:ml method:post path:/users' },
      { keys: '', action: '  file:auth is:marked|reviewed|noted, free text; a,b either; -x excludes' },
      { keys: 's', action: 'sort: plan order, cost, path' },
    ],
  },
  {
    title: 'Decide',
    keys: [
      { keys: 'i / c / m', action: 'set the kind to io / cpu / mixed' },
      { keys: 'r', action: 'cycle the recommendation: go, keep-node, keep-python, not-worth-it' },
      { keys: 'n', action: 'write a note (enter saves, an empty note removes it)' },
      { keys: 'x', action: "clear the reviewer's kind and recommendation" },
      { keys: 'space', action: 'mark an endpoint; the next decision applies to all marked' },
      { keys: 'z', action: 'undo the last decision' },
      { keys: 'w', action: 'write the decisions to gonogo.review.json' },
    ],
  },
];

/** One line of the help view: the keys padded to a column, then the action. */
export function formatHelpLines(): string[] {
  const width = Math.max(...HELP_SECTIONS.flatMap((section) => section.keys.map((key) => key.keys.length)));
  const lines: string[] = [];
  HELP_SECTIONS.forEach((section) => {
    lines.push(section.title);
    for (const key of section.keys) lines.push(`  ${key.keys.padEnd(width)}  ${key.action}`);
  });
  return lines;
}

export const HELP_LINE_COUNT = formatHelpLines().length;

// `? help` comes first: on a narrow terminal the footer is cut at the right, and help must stay findable.
export const LIST_FOOTER = '? help  q quit  enter open  / filter  s sort  i/c/m kind  r rec  n note  space mark  z undo  w write';
export const DETAIL_FOOTER = '? help  q back  j/k scroll  i/c/m kind  r rec  n note  x clear  z undo  w write';
export const HELP_FOOTER = 'j/k scroll  q, esc or ? back';
