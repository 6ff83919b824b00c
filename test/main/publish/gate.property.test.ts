/**
 * The incident gate, as a property (RELIABILITY case 9): thousands of generated schedules run
 * through the model in gateModel.ts against the real store, claim SQL and scheduler.
 */
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { createGateModel } from './gateModel.js';

const RUNS = Number(process.env.SURGE_GATE_RUNS ?? 10_000);

describe('the incident gate under generated schedules', () => {
  const model = createGateModel();
  afterAll(() => model.close());

  it(`holds for ${RUNS} generated schedules: no send under the gate, none twice, no held post lost`, async () => {
    await fc.assert(model.property(), { numRuns: RUNS });
    const s = model.stats();
    console.log(
      `incident gate property: ${s.runs} generated schedules, ${s.enters} incident entries, ${s.started} sends started, ${s.published} posts published, 0 violations`,
    );
    expect(s.runs).toBe(RUNS);
  }, 600_000);
});
