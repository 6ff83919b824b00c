import { describe, expect, it } from 'vitest';
import { createDeskStore } from '../../renderer/src/store/store.js';
import { auditCsv, auditCsvName, csvCell, toCsv } from '../../renderer/src/views/team/auditCsv.js';
import { createFakeClient, failWith } from './fakeTransport.js';

const entry = (id: number, over: Record<string, unknown> = {}) => ({
  id,
  at: Date.UTC(2026, 11, 2, 14, 5, 0) + id,
  actor: 'dana',
  userId: 'u_1',
  address: '127.0.0.1',
  action: 'incidents.enter',
  subject: null,
  detail: {},
  ...over,
});

describe('audit CSV', () => {
  it('quotes commas, quotes and line breaks; leaves plain text bare', () => {
    expect(csvCell('plain')).toBe('plain');
    expect(csvCell('a, b')).toBe('"a, b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('two\nlines')).toBe('"two\nlines"');
    expect(csvCell(null)).toBe('');
    expect(csvCell(42)).toBe('42');
    expect(
      toCsv([
        ['a', 'b'],
        ['c', null],
      ]),
    ).toBe('a,b\r\nc,\r\n');
  });

  it('defuses cells a spreadsheet would run as formulas', () => {
    expect(csvCell('=HYPERLINK("http://x")')).toBe(`"'=HYPERLINK(""http://x"")"`);
    expect(csvCell('+1')).toBe("'+1");
    expect(csvCell('-2')).toBe("'-2");
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvCell('a=b')).toBe('a=b');
  });

  it('one row per entry with ISO UTC times and the detail as JSON', () => {
    const csv = auditCsv([
      entry(2, { detail: { reason: 'Login outage, "all hands"' }, subject: 'incident' }),
      entry(1, { address: null, userId: null, actor: 'local' }),
    ]);
    const lines = csv.split('\r\n');
    expect(lines[0]).toBe('time (UTC),who,user id,from,action,subject,detail');
    expect(lines[1]).toBe(
      '2026-12-02T14:05:00.002Z,dana,u_1,127.0.0.1,incidents.enter,incident,"{""reason"":""Login outage, \\""all hands\\""""}"',
    );
    expect(lines[2]).toBe('2026-12-02T14:05:00.001Z,local,,,incidents.enter,,');
    expect(lines).toHaveLength(4);
    expect(lines[3]).toBe('');
    expect(auditCsvName(Date.UTC(2026, 11, 2, 23, 59))).toBe('surge-audit-2026-12-02.csv');
  });

  it('the export pages through the whole log with beforeId', async () => {
    const all = Array.from({ length: 1_203 }, (_, i) => entry(1_203 - i));
    const { client, transport } = createFakeClient({
      'audit.list': (p: { limit: number; beforeId?: number }) =>
        all.filter((e) => p.beforeId === undefined || e.id < p.beforeId).slice(0, p.limit),
    });
    const store = createDeskStore({ client, now: () => 0 });
    const got = await store.getState().loadWholeAudit();
    expect(got?.map((e) => e.id)).toEqual(all.map((e) => e.id));
    expect(transport.calls.map((c) => c.params)).toEqual([{ limit: 500 }, { limit: 500, beforeId: 704 }, { limit: 500, beforeId: 204 }]);
  });

  it('a refused page says so in plain words and exports nothing', async () => {
    const { client } = createFakeClient({ 'audit.list': failWith('forbidden', 'Only admins can read the audit log.') });
    const store = createDeskStore({ client, now: () => 0 });
    expect(await store.getState().loadWholeAudit()).toBeNull();
    expect(store.getState().auditError).toBe('Could not export the audit log: Only admins can read the audit log.');
  });
});
