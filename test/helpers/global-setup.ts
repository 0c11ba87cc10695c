/**
 * Prepares the test databases once per run. On a Postgres server (TEST_DATABASE_URL, or the local
 * one) it migrates a template database that each test file clones; with no server reachable, or with
 * TEST_BACKEND=embedded, it migrates an embedded (PGlite) data directory that each file copies.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { loadConfig } from '../../src/config.ts';
import { openConnection } from '../../src/db/connection.ts';
import { migrateToLatest } from '../../src/db/migrate.ts';
import { createLogger } from '../../src/log.ts';
import { adminQuery, databaseUrl, serverReachable } from './postgres.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    testBackend: 'postgres' | 'embedded';
    /** Postgres: the template database name. Embedded: the migrated data directory to copy. */
    template: string;
  }
}

async function migrate(env: Record<string, string>): Promise<void> {
  const conn = await openConnection(loadConfig({ LOG_LEVEL: 'silent', ...env }), createLogger({ level: 'silent' }));
  await migrateToLatest(conn);
  await conn.close();
}

export default async function setup(project: TestProject) {
  const forced = process.env.TEST_BACKEND;
  const backend = forced === 'embedded' || forced === 'postgres' ? forced : (await serverReachable()) ? 'postgres' : 'embedded';
  project.provide('testBackend', backend);
  if (backend === 'embedded') {
    if (!forced) console.warn('mp-recon tests: no Postgres server reachable; running on the embedded database (set TEST_DATABASE_URL to use one)');
    const dir = mkdtempSync(join(tmpdir(), 'mp-recon-tpl-'));
    await migrate({ RECON_DATA_DIR: dir });
    project.provide('template', dir);
    return async () => rmSync(dir, { recursive: true, force: true });
  }
  const template = `mp_recon_tpl_${process.pid}`;
  await adminQuery(`drop database if exists ${template}`);
  await adminQuery(`create database ${template}`);
  await migrate({ DATABASE_URL: databaseUrl(template) });
  project.provide('template', template);
  return async () => {
    await adminQuery(`drop database if exists ${template} with (force)`);
  };
}
