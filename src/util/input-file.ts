/** Checks a file named on the command line before it is opened, so a wrong path gets a stable code. */
import type { Stats } from 'node:fs';
import { stat } from 'node:fs/promises';
import { ReconError } from '../errors.ts';

export async function statInputFile(path: string): Promise<Stats> {
  const info = await stat(path).catch(() => {
    throw new ReconError('FILE_NOT_FOUND', `${path}: no such file`);
  });
  if (info.isDirectory()) {
    throw new ReconError('FILE_IS_DIRECTORY', `${path} is a directory; name the files in it (for example ${path.replace(/\/+$/, '')}/*.csv)`);
  }
  return info;
}
