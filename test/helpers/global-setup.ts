/**
 * Migrates a template database once per test run; each test file then clones it (fast) into a
 * database of its own, so files run in parallel without seeing each other's rows.
 */
import type { TestProject } from 'vitest/node';
import { loadConfig } from '../../src/config.ts';
import { openConnection } from '../../src/db/connection.ts';
import { migrateToLatest } from '../../src/db/migrate.ts';
import { createLogger } from '../../src/log.ts';
import { adminQuery, adminUrl, databaseUrl } from './postgres.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    templateDatabase: string;
  }
}

export default async function setup(project: TestProject) {
  const template = `mp_recon_tpl_${process.pid}`;
  await adminQuery(`drop database if exists ${template}`);
  await adminQuery(`create database ${template}`);
  const config = loadConfig({ DATABASE_URL: databaseUrl(template), LOG_LEVEL: 'silent' });
  const conn = await openConnection(config, createLogger({ level: 'silent' }));
  await migrateToLatest(conn);
  await conn.close();
  project.provide('templateDatabase', template);
  return async () => {
    await adminQuery(`drop database if exists ${template} with (force)`);
  };
}

export { adminUrl };
