/**
 * RELIABILITY case 30, offline part: the decisions `npm run currency` takes on the registry's
 * answers. The command itself needs the registry (latest Electron, the audit endpoint), so it is
 * run by hand or in CI, never here.
 */
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';

interface Verdict {
  ok: boolean | null;
  line: string;
}
interface CurrencyModule {
  SUPPORTED_MAJORS: number;
  electronVerdict(input: { range: string; installed: string | null; latest: string }): Verdict;
  auditVerdict(text: string): Verdict;
}

const repo = path.resolve(import.meta.dirname, '../..');
let currency: CurrencyModule;
beforeAll(async () => {
  currency = (await import(pathToFileURL(path.join(repo, 'scripts', 'currency.mjs')).href)) as CurrencyModule;
});

describe('npm run currency: Electron', () => {
  it('passes the latest three majors and fails an older one, in package.json or installed', () => {
    expect(currency.SUPPORTED_MAJORS).toBe(3);
    expect(currency.electronVerdict({ range: '^45.4.1', installed: '45.4.1', latest: '45.5.0' }).ok).toBe(true);
    expect(currency.electronVerdict({ range: '^43.0.0', installed: '43.2.0', latest: '45.5.0' }).ok).toBe(true);
    const old = currency.electronVerdict({ range: '^42.1.0', installed: '42.1.0', latest: '45.5.0' });
    expect(old).toMatchObject({ ok: false, line: expect.stringContaining('major 42, no longer supported') });
    const stale = currency.electronVerdict({ range: '^45.0.0', installed: '41.0.0', latest: '45.5.0' });
    expect(stale).toMatchObject({ ok: false, line: expect.stringContaining('installed 41.0.0 is no longer supported') });
    expect(currency.electronVerdict({ range: '^45.0.0', installed: null, latest: '45.5.0' }).ok).toBe(true);
  });

  it('claims nothing when the registry answer cannot be read', () => {
    expect(currency.electronVerdict({ range: '^45.0.0', installed: '45.0.0', latest: '' }).ok).toBeNull();
  });
});

describe('npm run currency: npm audit', () => {
  const report = (counts: Record<string, number>) => JSON.stringify({ metadata: { vulnerabilities: counts } });

  it('passes with no high or critical advisory, whatever the lower ones', () => {
    const v = currency.auditVerdict(report({ info: 0, low: 2, moderate: 1, high: 0, critical: 0, total: 3 }));
    expect(v).toEqual({ ok: true, line: 'npm audit (runtime dependencies): 0 critical, 0 high, 1 moderate, 2 low, 0 info.' });
  });

  it('fails on one high or one critical', () => {
    expect(currency.auditVerdict(report({ high: 1 })).ok).toBe(false);
    expect(currency.auditVerdict(report({ critical: 1 }))).toMatchObject({
      ok: false,
      line: expect.stringContaining('1 high or critical'),
    });
  });

  it('claims nothing when audit could not run (a registry without the advisory endpoint, or no JSON)', () => {
    const refused = JSON.stringify({ message: '405 Method Not Allowed - POST https://registry.example/-/npm/v1/security/advisories/bulk' });
    expect(currency.auditVerdict(refused)).toMatchObject({ ok: null, line: expect.stringContaining('405 Method Not Allowed') });
    expect(currency.auditVerdict('npm ERR! offline').ok).toBeNull();
    expect(currency.auditVerdict('{}').ok).toBeNull();
  });
});
