import { mkdir, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';

const JS_EXTENSIONS = new Set(['.js', '.mjs', '.cjs', '.jsx', '.ts', '.mts', '.cts', '.tsx']);
const SOURCE_EXTENSIONS = new Set(['.py', ...JS_EXTENSIONS]);
const MANIFESTS = new Set(['package.json', 'requirements.txt', 'pyproject.toml', 'tsconfig.json']);
/** Copied as they are, so a copy skips the same files as its original. */
const IGNORE_FILES = new Set(['.gitignore', '.gonogoignore']);
const SKIPPED = new Set(['node_modules', 'dist', 'build', '.git', '__pycache__', 'vendor', 'tmp']);
/**
 * Names never renamed: too generic (renaming them would also rewrite library calls such as `res.json`,
 * `router.get`), or read by a framework by name (Next.js route exports, Fastify autoload options).
 */
const KEEP = new Set([
  'constructor', 'default', 'exports', 'module', 'require', 'self', 'this', 'super', 'main', 'index', 'config', 'settings', 'router', 'app', 'json', 'send', 'status', 'query', 'params', 'body',
  'GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'middleware', 'getServerSideProps', 'getStaticProps', 'getStaticPaths', 'generateStaticParams', 'generateMetadata', 'dynamic', 'runtime', 'revalidate',
  'autoPrefix', 'prefixOverride', 'autoHooks', 'cascadeHooks',
]);

type Family = 'js' | 'py';

/** What a character of a source file belongs to. Only CODE and COMMENT characters are ever renamed. */
const CODE = 0;
const STRING = 1;
const COMMENT = 2;
/** A quoted stretch inside a comment (`import('./x')` in a JSDoc type): left alone like a string. */
const COMMENT_QUOTE = 3;
/** The module path of a Python `import` / `from ... import` statement. */
const MODULE = 4;

interface StringLiteral {
  /** Index of the quote character that opens the literal (the last one of `"""`), or -1 for a template's middle part. */
  openQuote: number;
  contentStart: number;
  contentEnd: number;
  /** A whole literal without interpolation, whose content is the literal's value as written. */
  simple: boolean;
}

interface Lexed {
  kinds: Uint8Array;
  /** The text with strings replaced by \x01 and comments by spaces (newlines kept), so offsets match the text's. */
  code: string;
  strings: StringLiteral[];
}

interface TemplateFile {
  relative: string;
  content: string;
  family: Family | null;
  lexed: Lexed | null;
}

/**
 * Writes a synthetic backend corpus of at least `targetLines` lines by replicating the
 * hand-written fixtures, each copy with its declared names renamed consistently across files
 * and its route paths prefixed, the way a large monorepo of similar services looks.
 * Deterministic: the same fixtures and target give the same bytes.
 *
 * A copy must analyse exactly like its original, so the renaming is careful about what it touches:
 * - only code and comments are rewritten, never string literals, so module specifiers
 *   (`import x from './users'`, `require('../services/predict')`), dotted module strings
 *   (`include('shop.urls')`) and route paths keep their text (paths only gain the `/s<copy>` prefix);
 * - the module path of a Python import statement is never rewritten (file and folder names stay);
 * - a declared name is renamed only where every use of it can follow: it is left alone when it is also
 *   a Python module name, imported from a package, read as a member of something that is not a local
 *   module (`fastify.register`), used as an object key or keyword argument, declared inside a Python
 *   class or function, written inside a string as an identifier (`'app.main:app'`, `"User"`), named in
 *   a manifest, or used in a file that does not itself declare or import it (a global such as `fetch`).
 */
export async function generateCorpus(fixturesDir: string, outputDir: string, targetLines: number): Promise<{ files: number; lines: number; copies: number }> {
  const templates = await collectTemplates(fixturesDir);
  const templateLines = templates.reduce((sum, t) => sum + (t.content.match(/\n/g)?.length ?? 0), 0);
  if (templateLines === 0) throw new Error(`no source files under ${fixturesDir}`);
  const renamable = collectRenamableNames(templates);
  const edits = new Map(templates.map((t) => [t, planEdits(t, renamable)]));
  const copies = Math.ceil(targetLines / templateLines);
  await rm(outputDir, { recursive: true, force: true });
  let files = 0;
  let lines = 0;
  for (let copy = 0; copy < copies; copy++) {
    for (const template of templates) {
      const target = path.join(outputDir, `service-${String(copy).padStart(4, '0')}`, template.relative);
      await mkdir(path.dirname(target), { recursive: true });
      const content = applyEdits(template.content, edits.get(template)!, copy);
      await writeFile(target, content);
      files++;
      lines += content.match(/\n/g)?.length ?? 0;
    }
  }
  return { files, lines, copies };
}

async function collectTemplates(root: string): Promise<TemplateFile[]> {
  const templates: TemplateFile[] = [];
  const walk = async (dir: string): Promise<void> => {
    const entries = (await readdir(dir, { withFileTypes: true })).sort((a, b) => (a.name < b.name ? -1 : 1));
    for (const entry of entries) {
      const absolute = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        if (!SKIPPED.has(entry.name) && !entry.name.startsWith('.')) await walk(absolute);
      } else if (entry.isFile() && (SOURCE_EXTENSIONS.has(path.extname(entry.name)) || MANIFESTS.has(entry.name) || IGNORE_FILES.has(entry.name)) && !entry.name.includes('.min.')) {
        const content = await readFile(absolute, 'utf8');
        if (/@generated|Code generated/.test(content.slice(0, 1024))) continue;
        const extension = path.extname(entry.name);
        const family: Family | null = extension === '.py' ? 'py' : JS_EXTENSIONS.has(extension) ? 'js' : null;
        const lexed = family === 'py' ? lexPython(content) : family === 'js' ? lexJavaScript(content) : null;
        templates.push({ relative: path.relative(root, absolute), content, family, lexed });
      }
    }
  };
  await walk(root);
  return templates;
}

// ---------------------------------------------------------------------------------------------
// Which names to rename

const IDENTIFIER_STRING = /^[A-Za-z_$][\w$]*(?:[.:][A-Za-z_$][\w$]*)*$/;
const WORD = /[A-Za-z_$][\w$]*/g;

/** The declared names (per language) that can be renamed everywhere they appear without changing what the code means. */
function collectRenamableNames(templates: readonly TemplateFile[]): Record<Family, Set<string>> {
  const declared: Record<Family, Set<string>> = { js: new Set(), py: new Set() };
  const excluded: Record<Family, Set<string>> = { js: new Set(KEEP), py: new Set(KEEP) };
  const pythonModules = new Set<string>();
  for (const t of templates) {
    if (t.family !== 'py') continue;
    const parts = t.relative.split(path.sep);
    parts[parts.length - 1] = path.basename(parts[parts.length - 1]!, '.py');
    for (const part of parts) if (part !== '__init__') pythonModules.add(part);
  }
  for (const name of pythonModules) excluded.py.add(name);
  // Manifests name entry points and scripts (`"app.main:run"`): none of their words is renamed.
  for (const t of templates) {
    if (!MANIFESTS.has(path.basename(t.relative))) continue;
    for (const [word] of t.content.matchAll(WORD)) {
      excluded.js.add(word);
      excluded.py.add(word);
    }
  }
  const perFile: { template: TemplateFile; bound: Set<string>; free: Set<string> }[] = [];
  for (const t of templates) {
    if (!t.family || !t.lexed) continue;
    const facts = t.family === 'py' ? pythonFacts(t.lexed, pythonModules) : javaScriptFacts(t.content, t.lexed);
    for (const name of facts.declared) if (name.length >= 4 && !name.startsWith('__')) declared[t.family].add(name);
    for (const name of facts.excluded) excluded[t.family].add(name);
    for (const literal of t.lexed.strings) {
      if (!literal.simple) continue;
      const value = t.content.slice(literal.contentStart, literal.contentEnd);
      if (IDENTIFIER_STRING.test(value)) for (const [word] of value.matchAll(WORD)) excluded[t.family].add(word);
    }
    perFile.push({ template: t, bound: facts.bound, free: facts.uses });
  }
  // A name used in a file that neither declares nor imports it is a global or a parameter there.
  for (const { template, bound, free } of perFile) for (const name of free) if (!bound.has(name)) excluded[template.family!].add(name);
  const result: Record<Family, Set<string>> = { js: new Set(), py: new Set() };
  for (const family of ['js', 'py'] as const) for (const name of [...declared[family]].sort()) if (!excluded[family].has(name)) result[family].add(name);
  return result;
}

interface FileFacts {
  /** Names declared at the file's top level (Python) or anywhere (JavaScript): candidates for renaming. */
  declared: Set<string>;
  /** Names whose renaming would change meaning. */
  excluded: Set<string>;
  /** Names the file declares or imports. */
  bound: Set<string>;
  /** Names the file uses as plain identifiers in code (not members, not import module paths). */
  uses: Set<string>;
}

/** The name after each single `.` and whether the chain it belongs to starts at a local module binding. */
function memberNames(code: string, kinds: Uint8Array, isLocalRoot: (name: string) => boolean): { excluded: Set<string>; positions: Set<number> } {
  const excluded = new Set<string>();
  const positions = new Set<number>();
  for (const match of code.matchAll(/(\.+)(\s*)([A-Za-z_$][\w$]*)/g)) {
    const at = match.index + match[1]!.length + match[2]!.length;
    if (kinds[at] !== CODE) continue;
    if (match[1]!.length !== 1) continue; // `...spread`, `from ..pkg`
    positions.add(at);
    if (!chainIsLocal(code, match.index, isLocalRoot)) excluded.add(match[3]!);
  }
  return { excluded, positions };
}

/** Walks back from the `.` at `dot` to the chain's first identifier: `a.b.c` is local when `a` is. */
function chainIsLocal(code: string, dot: number, isLocalRoot: (name: string) => boolean): boolean {
  let i = dot - 1;
  for (;;) {
    while (i >= 0 && (code[i] === ' ' || code[i] === '\t' || code[i] === '\n' || code[i] === '\r' || code[i] === '?')) i--;
    const end = i + 1;
    while (i >= 0 && /[\w$]/.test(code[i]!)) i--;
    if (end === i + 1) return false; // `)`, `]`, a string: not a name
    const name = code.slice(i + 1, end);
    if (/^\d/.test(name)) return false;
    let j = i;
    while (j >= 0 && (code[j] === ' ' || code[j] === '\t')) j--;
    if (j >= 0 && code[j] === '.' && code[j - 1] !== '.') {
      i = j - 1;
      continue;
    }
    return isLocalRoot(name);
  }
}

const LOCAL_SPECIFIER = /^(?:\.|\/|@\/|~\/|#)/;

function javaScriptFacts(text: string, lexed: Lexed): FileFacts {
  const { code, kinds } = lexed;
  const declared = new Set<string>();
  const excluded = new Set<string>();
  const bound = new Set<string>();
  const uses = new Set<string>();
  const localRoots = new Set(['exports', 'module']);
  /** The value of the string literal whose first character is at `index`. */
  const specifierAt = (index: number): string => text.slice(index + 1, endOfString(code, index) - 1);

  for (const m of code.matchAll(/\bfunction\b\s*\*?\s*([A-Za-z_$][\w$]*)/g)) (declared.add(m[1]!), bound.add(m[1]!));
  for (const m of code.matchAll(/\bclass\s+([A-Za-z_$][\w$]*)/g)) (declared.add(m[1]!), bound.add(m[1]!));
  for (const m of code.matchAll(/\b(?:const|let)\s+([A-Za-z_$][\w$]*)\s*=/g)) (declared.add(m[1]!), bound.add(m[1]!));
  for (const m of code.matchAll(/\b(?:const|let|var)\s+([A-Za-z_$][\w$]*)/g)) bound.add(m[1]!);
  // Destructuring declarations bind every name inside their pattern.
  for (const m of code.matchAll(/\b(?:const|let|var)\s*([{[][^=;]*?[}\]])\s*=/g)) for (const [w] of m[1]!.matchAll(WORD)) bound.add(w);

  // import clause from 'x' / export clause from 'x'
  for (const m of code.matchAll(/\b(import|export)\s+((?:type\s+)?[\w$*\s,]*(?:\{[^}]*\})?[\w$*\s,]*?)\s*\bfrom\s*\x01/g)) {
    const specifier = specifierAt(m.index + m[0].length - 1);
    const local = LOCAL_SPECIFIER.test(specifier);
    const clause = m[2]!;
    const named = /\{([^}]*)\}/.exec(clause);
    if (named) {
      for (const entry of named[1]!.split(',')) {
        const parts = entry.trim().replace(/^type\s+/, '').split(/\s+as\s+/);
        const imported = parts[0]?.trim();
        const alias = parts[1]?.trim() ?? imported;
        if (!imported) continue;
        if (!local) excluded.add(imported);
        if (m[1] === 'import' && alias) bound.add(alias);
      }
    }
    if (m[1] === 'import') {
      const rest = clause.replace(/\{[^}]*\}/, '').replace(/^type\s+/, '');
      for (const binding of rest.matchAll(/(?:\*\s*as\s+)?([A-Za-z_$][\w$]*)/g)) {
        bound.add(binding[1]!);
        if (local) localRoots.add(binding[1]!);
      }
    }
  }
  // const x = require('./x'); import x = require('./x'); const x = await import('./x')
  for (const m of code.matchAll(/\b(?:const|let|var|import)\s+([A-Za-z_$][\w$]*)\s*=\s*(?:require|(?:await\s+)?import)\s*\(\s*\x01/g)) {
    bound.add(m[1]!);
    if (LOCAL_SPECIFIER.test(specifierAt(m.index + m[0].length - 1))) localRoots.add(m[1]!);
  }

  // Object keys, shorthand properties, method definitions and non-local destructuring: property names.
  const stack: { char: string; keys: boolean }[] = [];
  for (let i = 0; i < code.length; i++) {
    const c = code[i]!;
    if (kinds[i] !== CODE) continue;
    if (c === '(' || c === '[') stack.push({ char: c, keys: false });
    else if (c === '{') stack.push({ char: c, keys: !bracesAreBindings(code, text, i) });
    else if (c === ')' || c === ']' || c === '}') stack.pop();
    else if (/[A-Za-z_$]/.test(c) && (i === 0 || !/[\w$.]/.test(code[i - 1]!))) {
      let end = i + 1;
      while (end < code.length && /[\w$]/.test(code[end]!)) end++;
      const name = code.slice(i, end);
      const top = stack[stack.length - 1];
      if (top?.char === '{' && top.keys) {
        const before = /[{,]\s*$/.test(code.slice(Math.max(0, i - 200), i));
        const after = code.slice(end, end + 200);
        const previousWord = /([A-Za-z_$][\w$]*)\s*$/.exec(code.slice(Math.max(0, i - 40), i))?.[1];
        if (/^\s*:(?!:)/.test(after)) excluded.add(name);
        else if (before && /^\s*[,}]/.test(after)) excluded.add(name);
        else if (/^\s*\([^()]*\)\s*(?::[^{};]*)?\{/.test(after) && previousWord !== 'function' && !/^(?:if|for|while|switch|catch|with|return|function)$/.test(name)) excluded.add(name);
      }
      i = end - 1;
    }
  }

  const members = memberNames(code, kinds, (name) => localRoots.has(name));
  for (const name of members.excluded) excluded.add(name);
  for (const m of code.matchAll(/[A-Za-z_$][\w$]*/g)) {
    if (members.positions.has(m.index) || (m.index > 0 && /[\w$]/.test(code[m.index - 1]!))) continue;
    uses.add(m[0]);
  }
  return { declared, excluded, bound, uses };
}

/** Whether the `{` at `open` starts a list of bindings whose names may be renamed: an import/export clause, a local require's destructuring, `module.exports = {`. */
function bracesAreBindings(code: string, text: string, open: number): boolean {
  const before = code.slice(Math.max(0, open - 80), open);
  if (/(?:\bimport\s+(?:type\s+)?(?:[A-Za-z_$][\w$]*\s*,\s*)?|\bexport\s+(?:type\s+)?|\bmodule\.exports\s*=\s*|^exports\s*=\s*)$/.test(before)) return true;
  if (/\b(?:const|let|var)\s*$/.test(before)) {
    const close = code.indexOf('}', open);
    const after = /^\s*=\s*require\s*\(\s*\x01/.exec(code.slice(close + 1, close + 200));
    if (close >= 0 && after) {
      const at = close + 1 + after[0].length - 1;
      return LOCAL_SPECIFIER.test(text.slice(at + 1, endOfString(code, at) - 1));
    }
  }
  return false;
}

function endOfString(code: string, start: number): number {
  let end = start;
  while (end < code.length && code[end] === '\x01') end++;
  return end;
}

function pythonFacts(lexed: Lexed, modules: ReadonlySet<string>): FileFacts {
  const { code, kinds } = lexed;
  const declared = new Set<string>();
  const excluded = new Set<string>();
  const bound = new Set<string>();
  const uses = new Set<string>();
  const localRoots = new Set<string>();
  const isLocalModule = (dotted: string): boolean => dotted.startsWith('.') || modules.has(dotted.split('.')[0]!);

  for (const m of code.matchAll(/^(?:async[ \t]+)?(?:def|class)[ \t]+([A-Za-z_]\w*)/gm)) (declared.add(m[1]!), bound.add(m[1]!));
  // Methods, nested functions and class attributes: read by attribute or by a framework under that name.
  for (const m of code.matchAll(/^[ \t]+(?:async[ \t]+)?(?:def|class)[ \t]+([A-Za-z_]\w*)/gm)) (excluded.add(m[1]!), bound.add(m[1]!));
  for (const m of code.matchAll(/^[ \t]+([A-Za-z_]\w*)[ \t]*(?::[^=\n]*)?=(?!=)/gm)) (excluded.add(m[1]!), bound.add(m[1]!));
  for (const m of code.matchAll(/^([A-Za-z_]\w*)[ \t]*(?::[^=\n]*)?=(?!=)/gm)) bound.add(m[1]!);
  for (const m of code.matchAll(/\b(?:for|as|global|nonlocal)[ \t]+([A-Za-z_]\w*)/g)) bound.add(m[1]!);
  for (const m of code.matchAll(/\bfor[ \t]+([\w, \t()]+?)[ \t]+in\b/g)) for (const [w] of m[1]!.matchAll(WORD)) bound.add(w);

  for (const m of code.matchAll(/^[ \t]*from[ \t]+([.\w]+)[ \t]+import[ \t]+(\([^)]*\)|[^\n;]*)/gm)) {
    const local = isLocalModule(m[1]!);
    for (const entry of m[2]!.replace(/[()\\]/g, ' ').split(',')) {
      const [imported, alias] = entry.trim().split(/\s+as\s+/).map((s) => s.trim());
      if (!imported || imported === '*') continue;
      const binding = alias ?? imported;
      bound.add(binding);
      if (!local) excluded.add(imported);
      else if (modules.has(imported)) localRoots.add(binding);
    }
  }
  for (const m of code.matchAll(/^[ \t]*import[ \t]+([^\n;]*)/gm)) {
    for (const entry of m[1]!.split(',')) {
      const [dotted, alias] = entry.trim().split(/\s+as\s+/).map((s) => s.trim());
      if (!dotted) continue;
      const binding = alias ?? dotted.split('.')[0]!;
      bound.add(binding);
      if (isLocalModule(dotted)) localRoots.add(binding);
    }
  }

  // Keyword arguments and parameter defaults: `name=` inside parentheses.
  const stack: string[] = [];
  for (let i = 0; i < code.length; i++) {
    if (kinds[i] !== CODE) continue;
    const c = code[i]!;
    if (c === '(' || c === '[' || c === '{') stack.push(c);
    else if (c === ')' || c === ']' || c === '}') stack.pop();
    else if (stack[stack.length - 1] === '(' && /[A-Za-z_]/.test(c) && !/[\w.]/.test(code[i - 1] ?? ' ')) {
      const m = /^([A-Za-z_]\w*)\s*=(?!=)/.exec(code.slice(i, i + 120));
      if (m) excluded.add(m[1]!);
      while (i + 1 < code.length && /\w/.test(code[i + 1]!)) i++;
    }
  }

  const members = memberNames(code, kinds, (name) => localRoots.has(name));
  for (const name of members.excluded) excluded.add(name);
  for (const m of code.matchAll(/[A-Za-z_]\w*/g)) {
    if (kinds[m.index] !== CODE || members.positions.has(m.index) || (m.index > 0 && /\w/.test(code[m.index - 1]!))) continue;
    uses.add(m[0]);
  }
  return { declared, excluded, bound, uses };
}

// ---------------------------------------------------------------------------------------------
// Edits

interface Edit {
  /** Offset in the template where the text is inserted. */
  at: number;
  kind: 'suffix' | 'prefix';
}

/** Where a copy differs from its template: after each renamed name, and after the `/` opening each route-like string. */
function planEdits(template: TemplateFile, renamable: Record<Family, Set<string>>): Edit[] {
  if (!template.family || !template.lexed) return [];
  const { kinds, code, strings } = template.lexed;
  const text = template.content;
  const edits: Edit[] = [];
  const names = renamable[template.family];
  for (const m of text.matchAll(/[A-Za-z_$][\w$]*/g)) {
    const kind = kinds[m.index];
    if ((kind !== CODE && kind !== COMMENT) || !names.has(m[0])) continue;
    if (m.index > 0 && /[\w$]/.test(text[m.index - 1]!)) continue;
    edits.push({ at: m.index + m[0].length, kind: 'suffix' });
  }
  for (const literal of strings) {
    if (literal.openQuote < 0 || text[literal.openQuote + 1] !== '/' || !/[a-z{:]/.test(text[literal.openQuote + 2] ?? '')) continue;
    // A module specifier keeps its text: `import x from '/abs/path'`, `require('/abs/path')`.
    if (template.family === 'js' && /(?:\bfrom|\bimport|\bimport\s*\(|\brequire\s*\()\s*$/.test(code.slice(Math.max(0, literal.openQuote - 40), literal.openQuote))) continue;
    edits.push({ at: literal.openQuote + 2, kind: 'prefix' });
  }
  return edits.sort((a, b) => a.at - b.at);
}

function applyEdits(text: string, edits: readonly Edit[], copy: number): string {
  if (edits.length === 0) return text;
  const parts: string[] = [];
  let last = 0;
  for (const edit of edits) {
    parts.push(text.slice(last, edit.at), edit.kind === 'suffix' ? `V${copy}` : `s${copy}/`);
    last = edit.at;
  }
  parts.push(text.slice(last));
  return parts.join('');
}

// ---------------------------------------------------------------------------------------------
// Lexing: just enough to tell code from strings and comments.

function finishLexing(text: string, kinds: Uint8Array, strings: StringLiteral[]): Lexed {
  // Quoted stretches inside comments (JSDoc's `import('./users')`) are left alone like strings.
  const commentText = Array.from(text, (ch, i) => (kinds[i] === COMMENT ? ch : '\n')).join('');
  for (const m of commentText.matchAll(/'[^'\n]*'|"[^"\n]*"/g)) kinds.fill(COMMENT_QUOTE, m.index, m.index + m[0].length);
  let code = '';
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    const kind = kinds[i];
    code += kind === CODE || kind === MODULE || ch === '\n' ? ch : kind === STRING ? '\x01' : ' ';
  }
  return { kinds, code, strings };
}

const REGEX_AFTER_WORD = new Set(['return', 'typeof', 'case', 'do', 'else', 'in', 'of', 'new', 'delete', 'void', 'throw', 'yield', 'await', 'instanceof']);

function lexJavaScript(text: string): Lexed {
  const n = text.length;
  const kinds = new Uint8Array(n);
  const strings: StringLiteral[] = [];
  const templateDepths: number[] = [];
  let depth = 0;
  let i = 0;

  const scanTemplate = (start: number, opening: boolean): number => {
    let j = start + 1;
    while (j < n) {
      const ch = text[j];
      if (ch === '\\') j += 2;
      else if (ch === '`') {
        kinds.fill(STRING, start, j + 1);
        strings.push({ openQuote: opening ? start : -1, contentStart: start + 1, contentEnd: j, simple: opening });
        return j + 1;
      } else if (ch === '$' && text[j + 1] === '{') {
        kinds.fill(STRING, start, j + 2);
        strings.push({ openQuote: opening ? start : -1, contentStart: start + 1, contentEnd: j, simple: false });
        templateDepths.push(depth);
        return j + 2;
      } else j++;
    }
    kinds.fill(STRING, start, n);
    return n;
  };

  while (i < n) {
    const c = text[i]!;
    if (c === '/' && text[i + 1] === '/') {
      const end = lineEnd(text, i);
      kinds.fill(COMMENT, i, end);
      i = end;
    } else if (c === '/' && text[i + 1] === '*') {
      const close = text.indexOf('*/', i + 2);
      const end = close < 0 ? n : close + 2;
      kinds.fill(COMMENT, i, end);
      i = end;
    } else if (c === '"' || c === "'") {
      const end = scanQuoted(text, i + 1, c);
      const closed = text[end - 1] === c && end - 1 > i;
      kinds.fill(STRING, i, end);
      strings.push({ openQuote: i, contentStart: i + 1, contentEnd: closed ? end - 1 : end, simple: closed });
      i = end;
    } else if (c === '`') {
      i = scanTemplate(i, true);
    } else if (c === '}' && templateDepths.length > 0 && templateDepths[templateDepths.length - 1] === depth) {
      templateDepths.pop();
      i = scanTemplate(i, false);
    } else if (c === '/' && regexAllowed(text, kinds, i)) {
      const end = scanRegex(text, i);
      if (end > 0) {
        kinds.fill(STRING, i, end);
        i = end;
      } else i++;
    } else {
      if (c === '{') depth++;
      else if (c === '}') depth--;
      i++;
    }
  }
  return finishLexing(text, kinds, strings);
}

function lineEnd(text: string, from: number): number {
  const end = text.indexOf('\n', from);
  return end < 0 ? text.length : end;
}

/** From just after an opening quote to just after the closing one (or to the end of the line when unterminated). */
function scanQuoted(text: string, from: number, quote: string): number {
  let j = from;
  while (j < text.length) {
    const ch = text[j];
    if (ch === '\\') j += 2;
    else if (ch === quote) return j + 1;
    else if (ch === '\n') return j;
    else j++;
  }
  return text.length;
}

function regexAllowed(text: string, kinds: Uint8Array, at: number): boolean {
  let j = at - 1;
  while (j >= 0 && (/\s/.test(text[j]!) || kinds[j] === COMMENT)) j--;
  if (j < 0) return true;
  const p = text[j]!;
  if ('(,=:[!&|?{};+-*%~^'.includes(p)) return true;
  if (/[\w$]/.test(p)) {
    let k = j;
    while (k >= 0 && /[\w$]/.test(text[k]!)) k--;
    return REGEX_AFTER_WORD.has(text.slice(k + 1, j + 1));
  }
  return false;
}

/** The end of a regular expression literal starting at `at`, or -1 when it does not close on its line (so it was a division). */
function scanRegex(text: string, at: number): number {
  let j = at + 1;
  let inClass = false;
  while (j < text.length) {
    const ch = text[j];
    if (ch === '\n') return -1;
    if (ch === '\\') j += 2;
    else {
      if (ch === '[') inClass = true;
      else if (ch === ']') inClass = false;
      else if (ch === '/' && !inClass) {
        j++;
        while (j < text.length && /[a-z]/i.test(text[j]!)) j++;
        return j;
      }
      j++;
    }
  }
  return -1;
}

function lexPython(text: string): Lexed {
  const n = text.length;
  const kinds = new Uint8Array(n);
  const strings: StringLiteral[] = [];
  let i = 0;
  while (i < n) {
    const c = text[i]!;
    if (c === '#') {
      const end = lineEnd(text, i);
      kinds.fill(COMMENT, i, end);
      i = end;
      continue;
    }
    const prefix = /^[rRbBuUfF]{0,2}(?=['"])/.exec(text.slice(i, i + 3));
    if (prefix && (i === 0 || !/\w/.test(text[i - 1]!))) {
      i = scanPythonString(text, i, prefix[0], kinds, strings);
      continue;
    }
    if (/\w/.test(c)) {
      while (i < n && /\w/.test(text[i]!)) i++;
      continue;
    }
    i++;
  }
  // Module paths of import statements: `from a.b import c`, `import a.b as c, d`.
  const code = finishLexing(text, kinds, strings).code;
  for (const m of code.matchAll(/^([ \t]*from[ \t]+)([.\w]+)(?=[ \t]+import\b)/gm)) kinds.fill(MODULE, m.index + m[1]!.length, m.index + m[0].length);
  for (const m of code.matchAll(/^([ \t]*import[ \t]+)([^\n;]*)/gm)) {
    let offset = m.index + m[1]!.length;
    for (const entry of m[2]!.split(',')) {
      const dotted = /^(\s*)([\w.]+)/.exec(entry);
      if (dotted) kinds.fill(MODULE, offset + dotted[1]!.length, offset + dotted[1]!.length + dotted[2]!.length);
      offset += entry.length + 1;
    }
  }
  return { kinds, code, strings };
}

function scanPythonString(text: string, start: number, prefix: string, kinds: Uint8Array, strings: StringLiteral[]): number {
  const n = text.length;
  const quoteAt = start + prefix.length;
  const quote = text[quoteAt]!;
  const triple = text.startsWith(quote.repeat(3), quoteAt);
  const delimiter = triple ? quote.repeat(3) : quote;
  const contentStart = quoteAt + delimiter.length;
  const formatted = /f/i.test(prefix);
  const expressions: [number, number][] = [];
  let j = contentStart;
  let contentEnd = n;
  let end = n;
  while (j < n) {
    const ch = text[j];
    if (ch === '\\') {
      j += 2;
      continue;
    }
    if (!triple && ch === '\n') {
      contentEnd = end = j;
      break;
    }
    if (text.startsWith(delimiter, j)) {
      contentEnd = j;
      end = j + delimiter.length;
      break;
    }
    if (formatted && ch === '{') {
      if (text[j + 1] === '{') {
        j += 2;
        continue;
      }
      // An f-string's expression is code, up to its matching `}`.
      let depth = 0;
      let k = j + 1;
      while (k < n && !(text[k] === '}' && depth === 0) && text[k] !== '\n') {
        if ('([{'.includes(text[k]!)) depth++;
        else if (')]}'.includes(text[k]!)) depth--;
        else if ((text[k] === '"' || text[k] === "'") && text[k] !== quote) {
          k = scanQuoted(text, k + 1, text[k]!);
          continue;
        }
        k++;
      }
      expressions.push([j + 1, k]);
      j = k + 1;
      continue;
    }
    j++;
  }
  kinds.fill(STRING, start, end);
  for (const [from, to] of expressions) {
    kinds.fill(CODE, from, to);
    for (let k = from; k < to; k++) {
      if (text[k] === '"' || text[k] === "'") {
        const close = scanQuoted(text, k + 1, text[k]!);
        kinds.fill(STRING, k, close);
        k = close - 1;
      }
    }
  }
  strings.push({ openQuote: quoteAt + delimiter.length - 1, contentStart, contentEnd, simple: expressions.length === 0 });
  return end;
}
