/**
 * The process the incident crash test kills: a real engine on the data folder given as argv[2]
 * schedules five approved posts due in two minutes, enters incident mode through the dispatcher
 * (as a click in the UI does), prints `CONFIRMED` once the answer is back, and keeps writing
 * drafts until it is killed, so the kill lands among transactions.
 */
import { createEngine } from '../../../main/core/engine.js';
import { ACCOUNTS, OTTO, SAM, SUE, testKeyring } from './desk.js';

const dataDir = process.argv[2];
if (!dataDir) throw new Error('usage: incidentCrashChild <dataDir>');
const engine = createEngine({
  dataDir,
  version: 'crash-test',
  accounts: ACCOUNTS,
  keyring: testKeyring,
  http: { request: () => Promise.reject(new Error('the crash child never sends')) },
  tickMs: 3_600_000,
  sourceWorker: false,
});

async function call(method: string, params: unknown, ctx: typeof SAM): Promise<{ id: number }> {
  const answer = await engine.dispatch(method, params, ctx);
  if (!answer.ok) throw new Error(`${method}: ${answer.error.message}`);
  return answer.value as { id: number };
}

const at = { localTime: new Date(Date.now() + 2 * 60_000).toISOString().slice(0, 19), zone: 'UTC' };
for (let i = 0; i < 5; i++) {
  const draft = await call('scheduled.create', { text: `launch post ${i}`, accounts: ['brand-m', 'brand-x'], at, submit: true }, SAM);
  await call('scheduled.approve', { id: draft.id }, SUE);
}
await call('incident.enter', { reason: 'Checkout is down' }, OTTO);
process.stdout.write('CONFIRMED\n');
for (let i = 0; ; i++) {
  await call('scheduled.create', { text: `draft ${i}`, accounts: ['brand-m'], at, submit: false }, SAM);
  await new Promise((r) => setImmediate(r));
}
