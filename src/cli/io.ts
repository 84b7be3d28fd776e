import { promises as fs } from 'node:fs';
import path from 'node:path';
import { OutputError } from '../errors.js';

/**
 * Writes a report atomically: a temporary file beside the target, then a rename, so a
 * failure never leaves a half-written report where the user expects a whole one.
 */
export async function writeFileAtomic(target: string, content: string): Promise<void> {
  const absolute = path.resolve(target);
  const dir = path.dirname(absolute);
  const temporary = path.join(dir, `.${path.basename(absolute)}.${process.pid}.${Date.now()}.tmp`);
  try {
    await fs.writeFile(temporary, content, { flag: 'wx' });
    await fs.rename(temporary, absolute);
  } catch (error) {
    await fs.rm(temporary, { force: true }).catch(() => undefined);
    const reason = error instanceof Error && 'code' in error ? String((error as NodeJS.ErrnoException).code) : String(error);
    throw new OutputError(`cannot write ${target}: ${reason}`, { cause: error });
  }
}

/** Writes to stdout and resolves once the data is flushed (pipes included). */
export function writeStdout(content: string): Promise<void> {
  return new Promise((resolve, reject) => {
    process.stdout.write(content, (error) => (error ? reject(error) : resolve()));
  });
}

/** Colour is used only on a TTY and never when NO_COLOR is set (https://no-color.org). */
export function shouldUseColor(stream: NodeJS.WriteStream, env: NodeJS.ProcessEnv = process.env): boolean {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '0') return true;
  return Boolean(stream.isTTY);
}
