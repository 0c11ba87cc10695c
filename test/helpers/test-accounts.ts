/**
 * A second (third, ...) account in a test database, without asking Mercado Pago: the accounts row, its
 * report-row partitions, and deps narrowed to it. The token is read from the environment variable
 * the row names, set here for the test process.
 */
import { scopeToAccount } from '../../src/accounts/account-scope.ts';
import type { Account } from '../../src/accounts/account.ts';
import { insertAccount } from '../../src/accounts/account-store.ts';
import { createRowPartitions } from '../../src/accounts/row-partitions.ts';
import type { Deps, EngineDeps } from '../../src/deps.ts';
import { SITES, type SiteId } from '../../src/sites.ts';

export interface TestAccountSpec {
  readonly id: string;
  readonly site: SiteId;
  readonly mpUserId?: string;
  /** The access token the account's environment variable holds (default: `TEST-<id>`). */
  readonly token?: string;
  readonly timezone?: string;
}

export async function addTestAccount(base: EngineDeps, spec: TestAccountSpec): Promise<Deps> {
  const variable = `MP_TOKEN_TEST_${spec.id.toUpperCase().replace(/[^A-Z0-9]/g, '_')}`;
  process.env[variable] = spec.token ?? `TEST-${spec.id}`;
  const site = SITES[spec.site];
  const account: Account = {
    id: spec.id,
    site: site.id,
    currency: site.currency,
    timezone: spec.timezone ?? site.timezone,
    label: null,
    mpUserId: spec.mpUserId ?? null,
    token: { kind: 'env', name: variable },
    enabled: true,
  };
  await insertAccount(base.conn.db, account);
  await createRowPartitions(base.conn.db, account.id);
  return scopeToAccount(base, account);
}
