import { mkdir, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';

const SOURCE_EXTENSIONS = new Set(['.py', '.js', '.mjs', '.cjs', '.jsx', '.ts', '.mts', '.cts', '.tsx']);
const MANIFESTS = new Set(['package.json', 'requirements.txt', 'pyproject.toml', 'tsconfig.json']);
const SKIPPED = new Set(['node_modules', 'dist', 'build', '.git', '__pycache__', 'vendor', 'tmp']);
/** Names too generic to rename: renaming them would also rewrite library calls (`res.json`, `router.get`). */
const KEEP = new Set(['constructor', 'default', 'exports', 'module', 'require', 'self', 'this', 'super', 'main', 'index', 'config', 'settings', 'router', 'app', 'json', 'send', 'status', 'query', 'params', 'body']);

interface TemplateFile {
  relative: string;
  content: string;
}

/**
 * Writes a synthetic backend corpus of at least `targetLines` lines by replicating the
 * hand-written fixtures, each copy with its declared names renamed consistently across files
 * (so imports still resolve) and its route paths prefixed, the way a large monorepo of similar
 * services looks. Deterministic: the same fixtures and target give the same bytes.
 */
export async function generateCorpus(fixturesDir: string, outputDir: string, targetLines: number): Promise<{ files: number; lines: number; copies: number }> {
  const templates = await collectTemplates(fixturesDir);
  const templateLines = templates.reduce((sum, t) => sum + (t.content.match(/\n/g)?.length ?? 0), 0);
  if (templateLines === 0) throw new Error(`no source files under ${fixturesDir}`);
  const declared = collectDeclaredNames(templates);
  const copies = Math.ceil(targetLines / templateLines);
  await rm(outputDir, { recursive: true, force: true });
  let files = 0;
  let lines = 0;
  for (let copy = 0; copy < copies; copy++) {
    const suffix = `V${copy}`;
    const rename = new RegExp(`\\b(${[...declared].map(escapeRegExp).join('|')})\\b`, 'g');
    for (const template of templates) {
      const target = path.join(outputDir, `service-${String(copy).padStart(4, '0')}`, template.relative);
      await mkdir(path.dirname(target), { recursive: true });
      const content = SOURCE_EXTENSIONS.has(path.extname(template.relative))
        ? template.content.replace(rename, `$1${suffix}`).replace(/(['"`])\/(?=[a-z{:])/g, `$1/s${copy}/`)
        : template.content;
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
      } else if (entry.isFile() && (SOURCE_EXTENSIONS.has(path.extname(entry.name)) || MANIFESTS.has(entry.name)) && !entry.name.includes('.min.')) {
        const content = await readFile(absolute, 'utf8');
        if (/@generated|Code generated/.test(content.slice(0, 1024))) continue;
        templates.push({ relative: path.relative(root, absolute), content });
      }
    }
  };
  await walk(root);
  return templates;
}

function collectDeclaredNames(templates: readonly TemplateFile[]): Set<string> {
  const names = new Set<string>();
  const patterns = [/\bdef\s+([A-Za-z_]\w{3,})/g, /\bclass\s+([A-Za-z_]\w{3,})/g, /\bfunction\s+([A-Za-z_$][\w$]{3,})/g, /\b(?:const|let)\s+([A-Za-z_$][\w$]{3,})\s*=/g];
  for (const template of templates) {
    if (!SOURCE_EXTENSIONS.has(path.extname(template.relative))) continue;
    for (const pattern of patterns) for (const match of template.content.matchAll(pattern)) if (!KEEP.has(match[1]!) && !match[1]!.startsWith('__')) names.add(match[1]!);
  }
  return names;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
