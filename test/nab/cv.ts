/**
 * Honest NAB evaluation: `npm run nab:cv`.
 *
 * The six Twitter files are the only social series we have labels for, and the detector's
 * defaults were chosen on them, so the usual NAB score (threshold optimised over the files it
 * is reported on) is in-sample. Here every file is held out in turn: the threshold and the
 * detector settings in CV_GRID are chosen on the other five, then applied to the sixth; the
 * six held-out raw scores are summed and normalised as NAB does. The in-sample score is
 * printed beside it, labelled.
 *
 * Two robustness checks follow, reported apart and never used to choose anything: NAB's 37
 * other real series (machine metrics, traffic, ad prices: not social volume) and a synthetic
 * social corpus with known labels (test/main/detect/synthetic.ts). Both are scored at the
 * threshold chosen on the six, and at the one that is best on them (labelled in-sample).
 *
 * The detector runs through the same runner as `npm run nab` (main/detect/nabRun.ts).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { DetectorConfig } from '../../main/detect/config.js';
import { parseSeriesCsv, scoreRows, type SeriesRow } from '../../main/detect/nabRun.js';
import { socialCorpus } from '../main/detect/synthetic.js';
import { findNabDir } from '../nabPath.js';
import { listCsv, parseNabTime } from './nabFiles.js';
import { NAB_PROFILES, normalize, optimizeThreshold, scoreAtThreshold, type ProfileName, type ScoredSeries } from './scorer.js';

export const PROFILES = Object.keys(NAB_PROFILES) as ProfileName[];

/** A data file with its windows, parsed by the runner's own reader. */
export interface LabelledRows {
  name: string;
  rows: SeriesRow[];
  windows: Array<[number, number]>;
}

/** A detector setting the cross-validation may choose per fold (it was tuned on the six). */
export interface Candidate {
  label: string;
  config: Partial<DetectorConfig>;
}

/**
 * The settings that were chosen by scoring the six files (issue 4 moved each from the first
 * value to the second, quoting the six-file score): the level memory, the winsorizing width and
 * the Robbins–Monro start of the tail calibration. Each fold chooses among them on its five.
 */
export const CV_GRID: readonly Candidate[] = [180, 2880].flatMap((levelHalfLifeMinutes) =>
  [3, 1].flatMap((clipSigmas) =>
    [false, true].map((tailEarlySteps) => ({
      label: `level ${levelHalfLifeMinutes}m, clip ${clipSigmas}σ, ${tailEarlySteps ? 'early steps' : 'no early steps'}`,
      config: { levelHalfLifeMinutes, clipSigmas, tailEarlySteps },
    })),
  ),
);
export const DEFAULTS_ONLY: readonly Candidate[] = [{ label: 'defaults', config: {} }];

/**
 * CV_GRID × the escalation ladder, which issue 9 moved (1.5 → 1.1) after reading the
 * cross-validated score of the six: `--nested` chooses it per fold as well.
 */
export const CV_GRID_WITH_ESCALATION: readonly Candidate[] = [1.1, 1.3, 1.5].flatMap((escalationFactor) =>
  CV_GRID.map((c) => ({ label: `${c.label}, escalation ${escalationFactor}`, config: { ...c.config, escalationFactor } })),
);

/**
 * CV_GRID_WITH_ESCALATION × the sustained channel on or off: the channel was added after reading
 * the six files' cross-validated score (issue 9's seventh pass, for CRM's missed window), so
 * `--nested` also chooses it per fold. With CRM held out, nothing on the other five shows the
 * channel's worth, so this figure cannot credit it; that is the honest cost of choosing it.
 */
export const CV_GRID_WITH_CHANNEL: readonly Candidate[] = [true, false].flatMap((sustainedChannel) =>
  CV_GRID_WITH_ESCALATION.map((c) => ({
    label: `${c.label}, ${sustainedChannel ? 'sustained channel' : 'no sustained channel'}`,
    config: { ...c.config, sustainedChannel },
  })),
);

export function readWindowsFile(path: string): Map<string, Array<[number, number]>> {
  const raw = JSON.parse(readFileSync(path, 'utf8')) as Record<string, string[][]>;
  return new Map(
    Object.entries(raw).map(([k, list]) => [k, list.map(([a, b]): [number, number] => [parseNabTime(a ?? ''), parseNabTime(b ?? '')])]),
  );
}

/** Every CSV under `dataDir` that has windows in `windowsPath`, in file order. */
export function loadLabelled(dataDir: string, windowsPath: string): LabelledRows[] {
  const windows = readWindowsFile(windowsPath);
  return listCsv(dataDir).flatMap((file) => {
    const key = relative(dataDir, file).split(sep).join('/');
    const w = windows.get(key);
    return w ? [{ name: key, rows: parseSeriesCsv(readFileSync(file, 'utf8'), key), windows: w }] : [];
  });
}

/** The runner's onset scores for every file, as the scorer wants them. */
export function runCorpus(series: readonly LabelledRows[], config: Partial<DetectorConfig>): ScoredSeries[] {
  return series.map((s) => ({
    name: s.name,
    timestamps: s.rows.map((r) => r.ms),
    scores: Array.from(scoreRows(s.rows, config)),
    windows: s.windows,
  }));
}

export interface Fold {
  heldOut: string;
  chosen: string;
  threshold: number;
  raw: number;
  windows: number;
  /** The held-out file's own normalised score (for reading, not summed). */
  normalized: number;
}

export interface ProfileResult {
  profile: ProfileName;
  /** Leave-one-file-out: held-out raw scores summed, normalised over all windows. */
  cv: number;
  /** Threshold (and setting) chosen on all files and scored on the same files. */
  inSample: number;
  inSampleChosen: string;
  inSampleThreshold: number;
  folds: Fold[];
}

function windowCount(corpus: readonly ScoredSeries[]): number {
  return corpus.reduce((n, s) => n + s.windows.length, 0);
}

/** Best (candidate, threshold) on `corpus` indices `train`. */
function choose(byCandidate: readonly ScoredSeries[][], labels: readonly string[], train: readonly number[], profile: ProfileName) {
  const cost = NAB_PROFILES[profile];
  let best = { candidate: 0, threshold: 1.1, raw: -Infinity };
  byCandidate.forEach((corpus, c) => {
    const r = optimizeThreshold(
      train.map((i) => corpus[i] as ScoredSeries),
      cost,
    );
    if (r.raw > best.raw) best = { candidate: c, threshold: r.threshold, raw: r.raw };
  });
  return { ...best, label: labels[best.candidate] ?? '' };
}

/**
 * `byCandidate[c][f]` is file f scored by candidate c. Returns the leave-one-file-out score and
 * the in-sample one for each profile.
 */
export function crossValidate(byCandidate: readonly ScoredSeries[][], labels: readonly string[]): ProfileResult[] {
  const files = byCandidate[0]?.length ?? 0;
  const all = Array.from({ length: files }, (_, i) => i);
  const total = windowCount(byCandidate[0] ?? []);
  return PROFILES.map((profile) => {
    const cost = NAB_PROFILES[profile];
    const folds: Fold[] = all.map((f) => {
      const pick = choose(
        byCandidate,
        labels,
        all.filter((i) => i !== f),
        profile,
      );
      const held = (byCandidate[pick.candidate] as ScoredSeries[])[f] as ScoredSeries;
      const r = scoreAtThreshold([held], cost, pick.threshold);
      return {
        heldOut: held.name,
        chosen: pick.label,
        threshold: pick.threshold,
        raw: r.raw,
        windows: held.windows.length,
        normalized: normalize(r.raw, held.windows.length, cost),
      };
    });
    const cvRaw = folds.reduce((s, f) => s + f.raw, 0);
    const fit = choose(byCandidate, labels, all, profile);
    return {
      profile,
      cv: normalize(cvRaw, total, cost),
      inSample: normalize(fit.raw, total, cost),
      inSampleChosen: fit.label,
      inSampleThreshold: fit.threshold,
      folds,
    };
  });
}

/**
 * Nested leave-one-file-out: for each held-out file, every candidate is judged by its own
 * leave-one-out score on the other files (threshold chosen on the rest of them), not by how
 * well it fits them; the winner's threshold is then chosen on all the other files and applied
 * to the held-out one. This is the honest figure for settings chosen by cross-validation, as
 * issue 9 chose the escalation ladder. Ties go to the better in-sample fit on the other files.
 */
export function nestedCrossValidate(
  byCandidate: readonly ScoredSeries[][],
  labels: readonly string[],
): Array<{ profile: ProfileName; cv: number; folds: Fold[] }> {
  const files = byCandidate[0]?.length ?? 0;
  const all = Array.from({ length: files }, (_, i) => i);
  const total = windowCount(byCandidate[0] ?? []);
  return PROFILES.map((profile) => {
    const cost = NAB_PROFILES[profile];
    // Thresholds on a training set depend only on (candidate, files left out): memoised.
    const memo = new Map<string, number>();
    const thresholdWithout = (c: number, out: readonly number[]): number => {
      const key = `${c}:${[...out].sort().join(',')}`;
      let t = memo.get(key);
      if (t === undefined) {
        const corpus = byCandidate[c] as ScoredSeries[];
        t = optimizeThreshold(
          all.filter((i) => !out.includes(i)).map((i) => corpus[i] as ScoredSeries),
          cost,
        ).threshold;
        memo.set(key, t);
      }
      return t;
    };
    const folds: Fold[] = all.map((f) => {
      const train = all.filter((i) => i !== f);
      let best = { candidate: 0, inner: -Infinity, fit: -Infinity };
      byCandidate.forEach((corpus, c) => {
        const inner = train.reduce(
          (sum, g) => sum + scoreAtThreshold([corpus[g] as ScoredSeries], cost, thresholdWithout(c, [f, g])).raw,
          0,
        );
        if (inner < best.inner) return;
        const fit = optimizeThreshold(
          train.map((i) => corpus[i] as ScoredSeries),
          cost,
        ).raw;
        if (inner > best.inner || fit > best.fit) best = { candidate: c, inner, fit };
      });
      const held = (byCandidate[best.candidate] as ScoredSeries[])[f] as ScoredSeries;
      const threshold = thresholdWithout(best.candidate, [f]);
      const r = scoreAtThreshold([held], cost, threshold);
      return {
        heldOut: held.name,
        chosen: labels[best.candidate] ?? '',
        threshold,
        raw: r.raw,
        windows: held.windows.length,
        normalized: normalize(r.raw, held.windows.length, cost),
      };
    });
    return {
      profile,
      cv: normalize(
        folds.reduce((s, x) => s + x.raw, 0),
        total,
        cost,
      ),
      folds,
    };
  });
}

export function evaluateCandidates(series: readonly LabelledRows[], candidates: readonly Candidate[]): ProfileResult[] {
  return crossValidate(
    candidates.map((c) => runCorpus(series, c.config)),
    candidates.map((c) => c.label),
  );
}

export interface TransferResult {
  profile: ProfileName;
  /** At the threshold chosen on the six Twitter files (nothing chosen on these series). */
  atSixThreshold: number;
  /** At the threshold best on these series themselves (in-sample for them). */
  inSample: number;
}

/** Scores `corpus` at the six-file thresholds and at its own best, per profile. */
export function transfer(corpus: readonly ScoredSeries[], sixThresholds: Readonly<Record<ProfileName, number>>): TransferResult[] {
  const total = windowCount(corpus);
  return PROFILES.map((profile) => {
    const cost = NAB_PROFILES[profile];
    return {
      profile,
      atSixThreshold: normalize(scoreAtThreshold(corpus, cost, sixThresholds[profile]).raw, total, cost),
      inSample: normalize(optimizeThreshold(corpus, cost).raw, total, cost),
    };
  });
}

/** The synthetic social corpus run through the same runner (buckets as `timestamp,value` rows). */
export function syntheticLabelled(seed = 1): LabelledRows[] {
  return socialCorpus(seed).map((s) => ({
    name: s.name,
    rows: s.buckets.map((b) => ({ timestamp: new Date(b.minute * 60_000).toISOString(), ms: b.minute * 60_000, value: b.count })),
    windows: s.windows.map(([a, b]): [number, number] => [a * 60_000, b * 60_000]),
  }));
}

const f1 = (x: number) => x.toFixed(1).padStart(6);

function printTable(title: string, results: readonly ProfileResult[]): void {
  console.log(`\n${title}`);
  console.log('| profile | cross-validated (leave-one-file-out) | in-sample (chosen on all six) |');
  console.log('|---|---|---|');
  for (const r of results) console.log(`| ${r.profile} | ${f1(r.cv)} | ${f1(r.inSample)} |`);
}

function main(): void {
  const nab = findNabDir();
  if (!nab) {
    console.error('nab:cv: NAB data is absent (looked in ../shared/nab and SURGE_NAB_DIR); nothing to evaluate');
    process.exit(2);
  }
  const started = performance.now();
  const six = loadLabelled(join(nab, 'data'), join(nab, 'labels', 'combined_windows.json'));
  const defaults = evaluateCandidates(six, DEFAULTS_ONLY);
  printTable('NAB six Twitter files, shipped defaults (only the threshold is chosen)', defaults);
  const grid = evaluateCandidates(six, CV_GRID);
  printTable(
    `NAB six Twitter files, threshold and settings chosen per fold among ${CV_GRID.length} (level memory × clip width × early steps): the headline`,
    grid,
  );

  if (process.argv.includes('--nested')) {
    const nestedTable = (grid: readonly Candidate[], what: string) => {
      const nested = nestedCrossValidate(
        grid.map((c) => runCorpus(six, c.config)),
        grid.map((c) => c.label),
      );
      console.log(
        `\nNAB six Twitter files, nested: threshold and ${grid.length} settings (${what}) chosen per fold by leave-one-out on the other five`,
      );
      console.log('| profile | nested cross-validated |');
      console.log('|---|---|');
      for (const r of nested) console.log(`| ${r.profile} | ${f1(r.cv)} |`);
      if (process.argv.includes('--folds'))
        for (const f of nested[0]?.folds ?? [])
          console.log(`  ${f.heldOut.padEnd(36)} ${f1(f.normalized)}  ${f.chosen} @ ${f.threshold.toFixed(4)}`);
    };
    nestedTable(CV_GRID_WITH_ESCALATION, 'the grid × escalation 1.1 / 1.3 / 1.5');
    nestedTable(CV_GRID_WITH_CHANNEL, 'the grid × escalation × sustained channel on / off');
  }

  if (process.argv.includes('--folds')) {
    for (const r of grid) {
      console.log(`\nfolds, ${r.profile} (in-sample pick: ${r.inSampleChosen} @ ${r.inSampleThreshold.toFixed(4)})`);
      for (const f of r.folds) console.log(`  ${f.heldOut.padEnd(36)} ${f1(f.normalized)}  ${f.chosen} @ ${f.threshold.toFixed(4)}`);
    }
  }

  const thresholds = Object.fromEntries(defaults.map((r) => [r.profile, r.inSampleThreshold])) as Record<ProfileName, number>;
  const transferTable = (title: string, res: readonly TransferResult[]) => {
    console.log(`\n${title}`);
    console.log('| profile | at the six-file threshold | in-sample (threshold chosen on these) |');
    console.log('|---|---|---|');
    for (const r of res) console.log(`| ${r.profile} | ${f1(r.atSixThreshold)} | ${f1(r.inSample)} |`);
  };
  const otherWindows = join(nab, 'labels', 'other_windows.json');
  if (existsSync(join(nab, 'data-other')) && existsSync(otherWindows)) {
    const other = loadLabelled(join(nab, 'data-other'), otherWindows);
    transferTable(
      `Robustness: NAB's ${other.length} other real series (not social volume; shipped defaults)`,
      transfer(runCorpus(other, {}), thresholds),
    );
  } else {
    console.log('\nRobustness: NAB data-other/ or labels/other_windows.json is absent: skipped');
  }
  const synthetic = syntheticLabelled();
  transferTable(
    `Robustness: ${synthetic.length} synthetic social series with known labels (shipped defaults)`,
    transfer(runCorpus(synthetic, {}), thresholds),
  );
  console.log(`\nnab:cv: ${((performance.now() - started) / 1000).toFixed(1)} s`);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) main();
