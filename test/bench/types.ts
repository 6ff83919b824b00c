/**
 * One line of `npm run bench`. Machines here are noisy, so every figure that has a goal is
 * reported as a ratio against a baseline measured in the same process, seconds apart.
 */
export interface BenchLine {
  name: string;
  value: number;
  unit: string;
  /** What the value is compared with, measured in the same run. */
  baseline?: { name: string; value: number };
  /** Human-readable goal, e.g. ">= 0.8x raw insert" or ">= 1M/s". */
  goal?: string;
  /** Whether the goal was met; omitted when there is no goal. */
  met?: boolean;
}

/** A bench module's default export. */
export type BenchSuite = () => Promise<BenchLine[]>;
