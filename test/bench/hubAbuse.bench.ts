/**
 * Reliability case 27, other clients under abuse: one ordinary client's round trip (a
 * `system.info` call, one at a time, every 5 ms, with its own access token) to a real hub while
 * another caller floods it with 10,000 calls a second, keeps up 590 a second (past its call
 * allowance, just under being closed), sends 10,000 malformed frames a second, sends 1 MiB
 * frames back to back, or floods and reconnects at once each time it is closed. Baseline: the
 * same client on the same hub with nobody abusing it, measured in between the abuse phases.
 * The hub and the abuser each run in their own process.
 *
 * Run alone: npm run bench -- hubAbuse [--quick]
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { connect, percentile, startHubProcess, stopProcess, type Conn } from './hubClient.js';
import type { BenchLine } from './types.js';

const quick = process.argv.includes('--quick');
const SECONDS = quick ? 4 : 10;
const EVERY_MS = 5;
const MODES = ['flood', 'steady', 'malformed', 'huge', 'reconnect'] as const;
type Mode = (typeof MODES)[number];

interface Loop {
  p99: number;
  max: number;
  cpuShare: number;
}

/** The ordinary client's round trips for `seconds`; calls that did not succeed are counted apart. */
async function measure(conn: Conn, seconds: number): Promise<{ latencies: number[]; failed: number }> {
  const latencies: number[] = [];
  let failed = 0;
  const start = performance.now();
  for (let i = 0; performance.now() - start < seconds * 1000; i++) {
    const sentAt = performance.now();
    const answer = await conn.call('system.info', {});
    if (answer.ok) latencies.push(performance.now() - sentAt);
    else failed++;
    const wait = start + (i + 1) * EVERY_MS - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
  }
  return { latencies, failed };
}

async function abused(url: string, mode: Mode, conn: Conn) {
  // Each phase's abuser its own loopback address: the hub keeps the loopback user's budget by address.
  const from = `127.0.0.${2 + MODES.indexOf(mode)}`;
  const script = join(import.meta.dirname, 'hubAbuser.ts');
  const child = spawn(process.execPath, ['--import', 'tsx', script, url, mode, String(SECONDS + 1), from], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  const exited = new Promise<number | null>((r) => child.once('exit', r));
  while (!out.includes('ABUSING')) {
    if (child.exitCode !== null) throw new Error(`the ${mode} abuser exited before it connected`);
    await new Promise((r) => setTimeout(r, 20));
  }
  // Give it half a second to reach its full rate, then measure while it keeps going.
  await new Promise((r) => setTimeout(r, 500));
  await conn.call('bench.loopDelay', {});
  const result = await measure(conn, SECONDS - 0.5);
  const loop = (await conn.call('bench.loopDelay', {})).value as Loop;
  if ((await exited) !== 0) throw new Error(`the ${mode} abuser failed`);
  const summary = JSON.parse(out.trim().split('\n').pop()!) as {
    sent: number;
    activeSeconds: number;
    answers: Record<string, number>;
    closed: number | null;
    connections: number;
    closes: Record<string, number>;
  };
  return { ...result, loop, summary };
}

export default async function hubAbuseBench(): Promise<BenchLine[]> {
  const dir = mkdtempSync(join(tmpdir(), 'surge-abuse-bench-'));
  const { child, url, token } = await startHubProcess(dir);
  let conn: Conn | null = null;
  try {
    conn = await connect(url, undefined, token);
    await measure(conn, 1); // warm-up
    const baseline: number[] = [];
    let baselineFailed = 0;
    const baselineLoops: Loop[] = [];
    const runBaseline = async () => {
      await conn!.call('bench.loopDelay', {});
      const b = await measure(conn!, SECONDS / 2);
      baselineLoops.push((await conn!.call('bench.loopDelay', {})).value as Loop);
      baseline.push(...b.latencies);
      baselineFailed += b.failed;
    };
    const results = new Map<Mode, Awaited<ReturnType<typeof abused>>>();
    for (const mode of MODES) {
      await runBaseline();
      results.set(mode, await abused(url, mode, conn));
    }
    await runBaseline();

    const base50 = percentile(baseline, 50);
    const base99 = percentile(baseline, 99);
    const baseCpu = Math.max(...baselineLoops.map((l) => l.cpuShare));
    const lines: BenchLine[] = [
      { name: `ordinary client alone, round trips (${baseline.length}, ${baselineFailed} failed)`, value: base99, unit: 'ms p99' },
    ];
    const what: Record<Mode, string> = {
      flood: 'another connection floods 10k calls/s',
      steady: 'another sends 590 calls/s (just under being closed)',
      malformed: 'another sends 10k malformed frames/s',
      huge: 'another sends 1 MiB frames back to back',
      reconnect: 'another floods 10k calls/s and reconnects at once each time it is closed',
    };
    for (const [mode, r] of results) {
      const p99 = percentile(r.latencies, 99);
      const answers = Object.entries(r.summary.answers)
        .map(([k, n]) => `${k} ${n}`)
        .join(', ');
      const closes = Object.entries(r.summary.closes)
        .map(([k, n]) => `${n}× ${k}`)
        .join(', ');
      lines.push(
        {
          name: `${what[mode]}: ordinary client p50`,
          value: percentile(r.latencies, 50),
          unit: 'ms',
          baseline: { name: 'alone p50', value: base50 },
        },
        {
          name: `${what[mode]}: ordinary client p99 (${r.latencies.length} round trips, ${r.failed} failed)`,
          value: p99,
          unit: 'ms',
          baseline: { name: 'alone p99', value: base99 },
          goal: 'p99 ≤ 3× alone, none failed',
          met: p99 <= 3 * base99 && r.failed === 0,
        },
        {
          name: `${what[mode]}: hub CPU (share of one core; alone at most ${(baseCpu * 100).toFixed(0)} %)`,
          value: r.loop.cpuShare * 100,
          unit: '%',
        },
        { name: `${what[mode]}: hub event-loop delay p99`, value: r.loop.p99, unit: 'ms' },
        {
          name: `${what[mode]}: abuser sent ${r.summary.sent} frames in ${r.summary.activeSeconds.toFixed(1)} s on ${r.summary.connections} connection(s); answered ${answers || 'nothing'}; closed ${closes || 'no'}`,
          value: r.summary.sent / r.summary.activeSeconds,
          unit: 'frames/s',
        },
      );
    }
    return lines;
  } finally {
    conn?.ws.terminate();
    await stopProcess(child);
    rmSync(dir, { recursive: true, force: true });
  }
}
