/**
 * The incident model test must be able to fail (RELIABILITY case 9): the same model, run
 * against the scheduler bug "read the gate once per tick" (mutants.ts), finds a send that
 * starts under the gate, and fast-check shrinks it to a short counterexample. The run
 * records how many generated schedules it took, the seed and the shrunk schedule, so a
 * reader can replay it (SURGE_GATE_MUTANT_SEED).
 */
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { createGateModel } from './gateModel.js';
import { gateReadOncePerPass } from './mutants.js';

const SEED = Number(process.env.SURGE_GATE_MUTANT_SEED ?? 20_270_301);
const MAX_RUNS = 2_000;

describe('the incident model test against a mutant', () => {
  const model = createGateModel({ wrap: gateReadOncePerPass });
  afterAll(() => model.close());

  it('catches the scheduler that reads the gate once per pass, and shrinks it to a short schedule', async () => {
    const out = await fc.check(model.property(), { numRuns: MAX_RUNS, seed: SEED });
    expect(out.failed, `the model ran ${MAX_RUNS} schedules against the mutant without a violation`).toBe(true);
    const message = String(out.errorInstance instanceof Error ? out.errorInstance.message : out.errorInstance);
    expect(message).toMatch(/started while incident mode covered it/);
    const shrunk = out.counterexample![0];
    expect(shrunk.length).toBeLessThanOrEqual(12);
    console.log(
      `incident model vs mutant "gate read once per pass": caught after ${out.numRuns} schedule(s) (seed ${out.seed}), ` +
        `shrunk in ${out.numShrinks} steps to ${JSON.stringify(shrunk)}: ${message.split('; ')[0]}`,
    );
  }, 60_000);
});
