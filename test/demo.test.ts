import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SETTLEMENT_KINDS } from '../src/reconcile/settlement-kinds.ts';
import { runCli } from './helpers/run-cli.ts';

const dir = mkdtempSync(join(tmpdir(), 'mp-recon-demo-test-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('mp-recon demo on the embedded database', () => {
  it('runs the whole pipeline, finds every planted kind, writes the HTML summary, and runs again', async () => {
    const env = { DATABASE_URL: '', RECON_DATA_DIR: join(dir, 'data') };
    const out = join(dir, 'summary.html');
    const first = await runCli(['demo', '--days', '5', '--out', out], env);
    expect(first.stderr).not.toMatch(/error/i);
    expect(first.code).toBe(0);
    for (const kind of SETTLEMENT_KINDS) expect(first.stdout).toMatch(new RegExp(`^${kind}\\s`, 'm'));
    expect(first.stdout).toMatch(/Next, try:/);
    expect(existsSync(out)).toBe(true);
    expect(readFileSync(out, 'utf8')).toContain('<svg');

    const again = await runCli(['demo', '--days', '5', '--out', out], env);
    expect(again.code).toBe(0);
    const count = (s: string) => s.match(/(\d+) open mismatches/)?.[1];
    expect(count(again.stdout)).toBe(count(first.stdout));
  }, 240_000);

  it('refuses a window too short to plant every case', async () => {
    const r = await runCli(['demo', '--days', '1'], { DATABASE_URL: '', RECON_DATA_DIR: join(dir, 'other') });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--days must be a whole number from 3 to 120/);
  });
});
