/**
 * NAB runner: `npm run nab -- --data DIR --out DIR`. For every CSV under DIR (any depth) it
 * runs the live detector over the rows in order and writes OUT/<same sub-folder>/surge_<name>.
 */
/* eslint-disable security/detect-non-literal-fs-filename -- a command-line tool: every path is the operator's own --data/--out argument */
import { mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { formatResultCsv, parseSeriesCsv, scoreRows } from '../detect/nabRun.js';

function usage(message: string): never {
  console.error(`nab: ${message}\nusage: npm run nab -- --data DIR --out DIR`);
  process.exit(2);
}

function option(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

function listCsv(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir).sort()) {
    const full = join(dir, entry);
    if (statSync(full).isDirectory()) out.push(...listCsv(full));
    else if (entry.toLowerCase().endsWith('.csv')) out.push(full);
  }
  return out;
}

const data = option('--data');
const out = option('--out');
if (!data) usage('missing --data DIR');
if (!out) usage('missing --out DIR');
let isDir = false;
try {
  isDir = statSync(data).isDirectory();
} catch {
  usage(`data directory "${data}" does not exist`);
}
if (!isDir) usage(`"${data}" is not a directory`);

const files = listCsv(data);
if (files.length === 0) usage(`no .csv files under "${data}"`);
const started = performance.now();
let rowsTotal = 0;
try {
  for (const file of files) {
    const rel = relative(data, file);
    const rows = parseSeriesCsv(readFileSync(file, 'utf8'), rel);
    const target = join(out, dirname(rel), `surge_${rel.split(/[\\/]/).pop() ?? rel}`);
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, formatResultCsv(rows, scoreRows(rows)));
    rowsTotal += rows.length;
  }
} catch (err) {
  console.error(`nab: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
}
console.log(`nab: ${files.length} files, ${rowsTotal} rows in ${((performance.now() - started) / 1000).toFixed(2)} s -> ${out}`);
