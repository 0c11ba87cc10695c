/**
 * The accounts of the scale benchmark: N accounts spread over the seven sites in turn, each with its
 * own token and Mercado Pago user in the simulator, its own ledger of D days of traffic (accounts of
 * one site share the site's traffic, so they also share references: a cross-talk check for free), and
 * its own orders, payments and refunds files for import.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { addAccount } from '../jobs/manage-accounts.ts';
import { importInternal } from '../jobs/import-internal.ts';
import { demoTraffic } from '../simulator/generator/demo-month.ts';
import type { startSimulator } from '../simulator/server.ts';
import { scopeToAccount } from '../src/accounts/account-scope.ts';
import type { Deps, EngineDeps } from '../src/deps.ts';
import { toCsv } from '../src/output/format-rows.ts';
import type { SiteId } from '../src/sites.ts';

const SITE_ORDER: readonly SiteId[] = ['MLA', 'MLB', 'MLM', 'MLC', 'MCO', 'MPE', 'MLU'];
const KINDS = ['orders', 'payments', 'refunds'] as const;

export interface BenchAccount {
  readonly id: string;
  readonly site: SiteId;
  /** The environment variable that holds its token (set in this process, inherited by the CLI). */
  readonly tokenEnv: string;
  readonly files: Record<(typeof KINDS)[number], string>;
  readonly orders: number;
}

type Simulator = Awaited<ReturnType<typeof startSimulator>>;
type SiteTraffic = ReturnType<typeof demoTraffic>;

interface SiteFiles {
  readonly traffic: SiteTraffic;
  readonly paths: BenchAccount['files'];
}

function writeSiteFiles(site: SiteId, from: string, to: string, dir: string): SiteFiles {
  const traffic = demoTraffic(site, from, to);
  const texts = {
    orders: toCsv(['order_id', 'external_reference', 'site', 'currency', 'amount', 'status', 'created_at', 'paid_at'], traffic.orders),
    payments: toCsv(['mp_payment_id', 'order_id', 'amount', 'currency', 'status', 'approved_at'], traffic.payments),
    refunds: toCsv(['refund_id', 'order_id', 'mp_payment_id', 'mp_refund_id', 'amount', 'currency', 'status', 'created_at'], traffic.refunds),
  };
  const path = (kind: (typeof KINDS)[number]) => {
    const file = join(dir, `${site}-${kind}.csv`);
    writeFileSync(file, texts[kind]);
    return file;
  };
  return { traffic, paths: { orders: path('orders'), payments: path('payments'), refunds: path('refunds') } };
}

/** Seeds the simulator and writes the import files; returns the accounts in id order. */
export function seedAccounts(sim: Simulator, count: number, from: string, to: string, dir: string): BenchAccount[] {
  const bySite = new Map<SiteId, SiteFiles>();
  const accounts: BenchAccount[] = [];
  for (let i = 0; i < count; i++) {
    const site = SITE_ORDER[i % SITE_ORDER.length] as SiteId;
    const files = bySite.get(site) ?? writeSiteFiles(site, from, to, dir);
    bySite.set(site, files);
    const id = `acc-${String(i + 1).padStart(2, '0')}`;
    const tokenEnv = `MP_TOKEN_${id.toUpperCase().replace('-', '_')}`;
    const token = `TEST-0000000000000000-mp-recon-scale-${id}`;
    process.env[tokenEnv] = token;
    sim.state.addAccount({ accessToken: token, siteId: site });
    sim.state.addMovements(token, files.traffic.movements);
    accounts.push({ id, site, tokenEnv, files: files.paths, orders: files.traffic.orders.length });
  }
  return accounts;
}

/** Adds the accounts to a fresh database (asking the simulator who each token is) and imports their files. */
export async function addBenchAccounts(engine: EngineDeps, accounts: readonly BenchAccount[]): Promise<Map<string, Deps>> {
  const scoped = new Map<string, Deps>();
  for (const a of accounts) {
    const { account } = await addAccount(engine, { id: a.id, site: a.site, token: { kind: 'env', name: a.tokenEnv } });
    const deps = scopeToAccount(engine, account);
    for (const kind of KINDS) await importInternal(deps, kind, a.files[kind]);
    scoped.set(a.id, deps);
  }
  return scoped;
}
