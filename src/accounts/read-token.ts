/**
 * Reads an account's access token from where its row says it lives. A missing or empty source is
 * ACCOUNT_TOKEN_MISSING naming the variable or the file, never any part of a token.
 */
import { readFileSync } from 'node:fs';
import type { Config } from '../config.ts';
import { environmentVariable } from '../environment.ts';
import { ReconError } from '../errors.ts';
import type { TokenSource } from './account.ts';

export function readToken(source: TokenSource, config: Config): string {
  if (source.kind === 'config') {
    if (config.mpAccessToken) return config.mpAccessToken;
    throw new ReconError('ACCOUNT_TOKEN_MISSING', 'the default account reads its token from MP_ACCESS_TOKEN, which is not set');
  }
  if (source.kind === 'env') {
    const value = environmentVariable(source.name)?.trim();
    if (value) return value;
    throw new ReconError('ACCOUNT_TOKEN_MISSING', `the environment variable ${source.name} is not set (or empty); set it to the account's access token`);
  }
  let text: string;
  try {
    text = readFileSync(source.path, 'utf8');
  } catch (err) {
    throw new ReconError('ACCOUNT_TOKEN_MISSING', `the token file ${source.path} cannot be read (${(err as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  const token = text.trim();
  if (!token) throw new ReconError('ACCOUNT_TOKEN_MISSING', `the token file ${source.path} is empty`);
  return token;
}
