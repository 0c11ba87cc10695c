/**
 * The smaller fidelity points, over HTTP: the release config mp-recon creates asks for
 * TRANSACTION_APPROVAL_DATE and CURRENCY; a merchant order's payments are read from `status_details`
 * (MP's merchant-order name) as well as `status_detail`; the simulator sends merchant orders as Webhooks
 * too (type topic_merchant_order_wh), writes one CHARGEBACK row for a dispute that ends in a chargeback,
 * and takes a payment's money_release_date from its release schedule.
 */
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { acquireReports } from '../jobs/acquire-reports.ts';
import { MpClient } from '../src/mp/client.ts';
import { createLogger } from '../src/log.ts';
import { payment, seedAccount, TOKEN as ACQ_TOKEN, useAcquireEnv } from './helpers/acquire-env.ts';
import { createOrderWorld, TOKEN } from './helpers/order-world.ts';

const world = useAcquireEnv('2026-03-10T12:00:00Z');

describe('reports', () => {
  it('creates the release config with TRANSACTION_APPROVAL_DATE and CURRENCY, and the file carries them', async () => {
    const { env, db } = world;
    await db.reset();
    seedAccount(env, [payment('7001', 'REF-7001', '1500.00', '2026-03-05T10:00:00-03:00', '90.00')]);
    env.sim.state.setQuirks({ missingConfig: 'not_found' });
    const deps = env.deps(db.deps);
    const r = await acquireReports(deps, { from: '2026-03-01', to: '2026-03-09', kind: 'release' });
    const config = env.sim.state.accountByToken(ACQ_TOKEN)?.reports.release_report.config as { columns: { key: string }[] } | undefined;
    const keys = config?.columns.map((c) => c.key);
    expect(keys).toEqual(expect.arrayContaining(['TRANSACTION_APPROVAL_DATE', 'CURRENCY']));
    const file = r.status === 'done' ? r.files[0] : undefined;
    const header = (await readFile(`${deps.config.dataDir}/reports/${deps.config.schema}/${deps.account.id}/release/2026-03-01_2026-03-09_${file?.fileName}`, 'utf8')).split('\n')[0];
    expect(header).toContain('TRANSACTION_APPROVAL_DATE');
    expect(header).toContain('CURRENCY');
  });

  it('writes one CHARGEBACK row, no DISPUTE row, for a dispute that ended in a chargeback', async () => {
    const { env } = world;
    seedAccount(env, [
      payment('P1', 'REF-P1', '100.00', '2026-03-02T10:00:00-03:00'),
      { type: 'dispute', paymentId: 'P1', date: '2026-03-03T10:00:00-03:00' },
      { type: 'chargeback', paymentId: 'P1', date: '2026-03-05T10:00:00-03:00' },
      payment('P2', 'REF-P2', '50.00', '2026-03-02T11:00:00-03:00'),
      { type: 'dispute', paymentId: 'P2', date: '2026-03-04T10:00:00-03:00' },
    ]);
    const mp = new MpClient({ baseUrl: env.sim.url, accessToken: ACQ_TOKEN, log: createLogger({ level: 'silent' }), sleep: async () => {} });
    const task = await mp.reports.create('settlement_report', { beginDate: '2026-03-01T03:00:00Z', endDate: '2026-03-09T03:00:00Z' });
    const ready = await mp.reports.waitForReport('settlement_report', task, { pollMs: 1 });
    const res = await fetch(`${env.sim.url}/v1/account/settlement_report/${ready.file_name}`, { headers: { authorization: `Bearer ${ACQ_TOKEN}` } });
    const lines = (await res.text()).trim().split('\n');
    const sep = lines[0]!.includes(';') ? ';' : ',';
    const header = lines[0]!.split(sep);
    const at = (name: string) => header.indexOf(name);
    const rows = lines.slice(1).map((l) => l.split(sep));
    const kinds = rows.map((r) => `${r[at('SOURCE_ID')]}:${r[at('TRANSACTION_TYPE')]}`);
    expect(kinds.sort()).toEqual(['P1:CHARGEBACK', 'P1:SETTLEMENT', 'P2:DISPUTE', 'P2:SETTLEMENT']);
  });
});

describe('payments, merchant orders and their notifications', () => {
  it('reads status_details, sends merchant orders as Webhooks, and dates money_release_date by the release schedule', async () => {
    const w = await createOrderWorld({ mode: 'webhook' });
    try {
      await w.addOrder('F1', '60.00', { ref: 'FID-1' });
      const mo = w.scan('FID-1', '60.00');
      const paid = w.pay(mo, 'approved');
      await w.settle();

      const read = await w.deps.mp.merchantOrders.get(mo.id);
      expect(read.payments.map((p) => [p.id, p.statusDetail])).toEqual([[paid.id, 'accredited']]);

      const hooks = w.sim.state.notifier.attempts.filter((a) => a.channel === 'webhook').map((a) => a.topic);
      expect(new Set(hooks)).toEqual(new Set(['payment', 'merchant_order']));
      const rows = await w.t.deps.conn.db.selectFrom('notifications').select(['channel', 'topic', 'status']).where('topic', '=', 'merchant_order').execute();
      expect(rows.length).toBeGreaterThan(0);
      expect(rows.every((r) => r.channel === 'webhook' && r.status === 'processed')).toBe(true);
      expect((await w.order('F1')).status).toBe('paid');

      // An online card payment: credit_card money is released 14 days after approval.
      const res = await fetch(`${w.sim.url}/__sim/payments`, {
        method: 'POST',
        body: JSON.stringify({ accessToken: TOKEN, externalReference: 'FID-2', amount: '10.00', status: 'approved' }),
      });
      const { id } = (await res.json()) as { id: number };
      const got = await fetch(`${w.sim.url}/v1/payments/${id}`, { headers: { authorization: `Bearer ${TOKEN}` } });
      const json = (await got.json()) as { date_approved: string; money_release_date: string; payment_type_id: string };
      expect(json.payment_type_id).toBe('credit_card');
      expect(Date.parse(json.money_release_date) - Date.parse(json.date_approved)).toBe(14 * 86_400_000);
    } finally {
      await w.close();
    }
  });
});
