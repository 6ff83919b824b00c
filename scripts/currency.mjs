#!/usr/bin/env node
// Currency check (RELIABILITY case 30, Electron checklist 16): is the Electron we build on a
// major the Electron project still supports, and does `npm audit` find no high or critical
// advisory in what ships (--omit=dev)? Both answers need the npm registry, so this is a
// command (`npm run currency`), not a test: a test must not fail because a machine is
// offline. The decisions are plain functions, tested offline in test/scripts/currency.test.ts.
//
// Exit 0: both hold. 1: one fails (the line says which). 2: a check could not run (no
// registry, or a registry without the audit endpoint): the line says why, and nothing is
// claimed either way.
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** Electron supports the latest three stable majors (electronjs.org/docs/latest/tutorial/electron-timelines). */
export const SUPPORTED_MAJORS = 3;

const major = (version) => {
  const m = /^\D*(\d+)\./.exec(String(version));
  return m ? Number(m[1]) : null;
};

/**
 * The verdict on Electron: the major in package.json's range and the installed one must both
 * be among the supported majors counted down from the registry's latest stable.
 */
export function electronVerdict({ range, installed, latest }) {
  const latestMajor = major(latest);
  const rangeMajor = major(range);
  const installedMajor = installed ? major(installed) : null;
  if (latestMajor === null) return { ok: null, line: `Electron: the registry's latest version "${latest}" is not one I can read.` };
  const oldest = latestMajor - SUPPORTED_MAJORS + 1;
  const supported = (m) => m !== null && m >= oldest && m <= latestMajor;
  const which = `package.json ${range}${installed ? `, installed ${installed}` : ', not installed'}; latest ${latest}, supported majors ${oldest}–${latestMajor}`;
  if (!supported(rangeMajor))
    return { ok: false, line: `Electron: package.json asks for major ${rangeMajor}, no longer supported (${which}).` };
  if (installedMajor !== null && !supported(installedMajor))
    return { ok: false, line: `Electron: the installed ${installed} is no longer supported; run npm install (${which}).` };
  return { ok: true, line: `Electron: current (${which}).` };
}

/** The verdict on `npm audit --json` output: 0 high and 0 critical, or why it could not be read. */
export function auditVerdict(text) {
  let report;
  try {
    report = JSON.parse(text);
  } catch {
    return { ok: null, line: 'npm audit: its answer was not JSON, so nothing is claimed.' };
  }
  const counts = report?.metadata?.vulnerabilities;
  if (!counts || typeof counts !== 'object') {
    const why = report?.message ?? report?.error?.summary ?? 'no vulnerability counts in its answer';
    return { ok: null, line: `npm audit could not run: ${why}. Nothing is claimed.` };
  }
  const n = (k) => Number(counts[k] ?? 0);
  const summary = ['critical', 'high', 'moderate', 'low', 'info'].map((k) => `${n(k)} ${k}`).join(', ');
  const bad = n('high') + n('critical');
  return bad === 0
    ? { ok: true, line: `npm audit (runtime dependencies): ${summary}.` }
    : { ok: false, line: `npm audit (runtime dependencies): ${summary}; ${bad} high or critical must be fixed.` };
}

function npm(args) {
  return new Promise((resolve) => {
    execFile('npm', args, { cwd: root, maxBuffer: 32 * 1024 * 1024, timeout: 120_000 }, (error, stdout, stderr) =>
      resolve({ failed: Boolean(error), stdout: String(stdout), stderr: String(stderr) }),
    );
  });
}

function installedElectron() {
  try {
    return JSON.parse(readFileSync(path.join(root, 'node_modules', 'electron', 'package.json'), 'utf8')).version;
  } catch {
    return null;
  }
}

async function main() {
  const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
  const range = pkg.devDependencies?.electron ?? pkg.dependencies?.electron;
  const latest = await npm(['view', 'electron', 'dist-tags.latest']);
  const electron = latest.failed
    ? { ok: null, line: `Electron: the registry could not be asked (${latest.stderr.trim().split('\n').at(-1) ?? 'no answer'}).` }
    : electronVerdict({ range, installed: installedElectron(), latest: latest.stdout.trim() });
  // npm audit exits non-zero when it finds anything; its JSON says what.
  const audited = await npm(['audit', '--omit=dev', '--audit-level=high', '--json']);
  const audit = auditVerdict(audited.stdout || '{}');
  for (const v of [electron, audit]) console.log(`${v.ok === true ? 'ok  ' : v.ok === false ? 'FAIL' : 'n/a '} ${v.line}`);
  process.exitCode = [electron, audit].some((v) => v.ok === false) ? 1 : [electron, audit].some((v) => v.ok === null) ? 2 : 0;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await main();
