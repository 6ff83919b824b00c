/**
 * Micro-benchmark (not a test): `npx tsx test/main/detect/analyzePost.microbench.ts`.
 * analyzePost over a realistic mix (the demo script's texts with their placeholders filled,
 * plus the ingest bench's posts as the pipeline sees them), against the pre-rewrite reference.
 */
import { performance } from 'node:perf_hooks';
import { analyzePost } from '../../../main/detect/postSignals.js';
import { DEMO_CODES, DEMO_FEATURES, DEMO_PRODUCTS, DEMO_REGIONS, DEMO_TEXTS } from '../../../main/sources/demoScript.js';
import * as ref from './referenceTokenizer.js';

export function demoCorpus(size = 20_000): string[] {
  const templates: string[] = [];
  for (const byLang of Object.values(DEMO_TEXTS)) for (const list of Object.values(byLang)) templates.push(...(list ?? []));
  templates.push(
    "Is @acme down? can't log in, getting 503 #outage",
    'Loving the new Acme Cloud dashboard 🎉 @acme build 1234',
    '¿Alguien más? Acme no funciona desde hace 12 minutos',
    'acme status page says all green but the API times out for us (req 881)',
    'checkout on acme.example keeps spinning, order #4411 stuck anyone else?',
    'Acme support replied within 7 minutes, nice',
  );
  const pick = <T>(xs: readonly T[], n: number): T => xs[n % xs.length] as T;
  const out: string[] = [];
  for (let i = 0; i < size; i++) {
    out.push(
      pick(templates, i * 7919)
        .replaceAll('{brand}', pick(['Acme', 'Nimbus', 'StratoCloud'], i))
        .replaceAll('{product}', pick(DEMO_PRODUCTS, i * 3))
        .replaceAll('{feature}', pick(DEMO_FEATURES, i * 5))
        .replaceAll('{region}', pick(DEMO_REGIONS, i * 11))
        .replaceAll('{code}', pick(DEMO_CODES, i * 13))
        .replaceAll('{minutes}', String(5 + (i % 40))),
    );
  }
  // Flat strings, as posts arrive from JSON.parse (not the ropes replaceAll builds).
  return out.map((t) => JSON.parse(JSON.stringify(t)) as string);
}

function rate(fn: (t: string) => unknown, texts: readonly string[], rounds = 7): number {
  let best = Infinity;
  let sink = 0;
  for (let r = 0; r < rounds; r++) {
    const t0 = performance.now();
    for (const t of texts) sink += (fn(t) as { outageIntent: number }).outageIntent;
    best = Math.min(best, performance.now() - t0);
  }
  if (sink === -1) console.log(sink);
  return (best * 1000) / texts.length;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const texts = demoCorpus();
  for (let k = 0; k < 3; k++) {
    const before = rate((t) => ref.analyzePost(t, 32), texts);
    const after = rate((t) => analyzePost(t, 32), texts);
    console.log(
      `analyzePost, ${texts.length} demo-mix posts: reference ${before.toFixed(3)} µs/post, current ${after.toFixed(3)} µs/post, speed-up ${(before / after).toFixed(2)}x`,
    );
  }
}
