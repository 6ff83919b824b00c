import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { cruise, type ICruiseResult, type IConfiguration } from 'dependency-cruiser';
import { afterAll, describe, expect, it } from 'vitest';

/**
 * Proves the layer rules of .dependency-cruiser.cjs bite: each canary is a tiny tree in a
 * temporary folder, cruised with the repository's own rules, like the runtime-fence canaries.
 */
const config = createRequire(import.meta.url)('../../.dependency-cruiser.cjs') as IConfiguration;
const roots: string[] = [];
afterAll(() => roots.forEach((root) => rmSync(root, { recursive: true, force: true })));

async function violations(files: Record<string, string>): Promise<string[]> {
  const root = mkdtempSync(join(tmpdir(), 'surge-layers-'));
  roots.push(root);
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  const { tsConfig: _ownTsConfig, ...options } = config.options ?? {};
  const result = await cruise(['main'], { ...options, baseDir: root, ruleSet: { forbidden: config.forbidden ?? [] }, validate: true });
  const output = result.output as ICruiseResult;
  return output.summary.violations.map((v) => `${v.rule.name}: ${v.from} -> ${v.to}`);
}

const value = (from: string, name: string) => `import { ${name} } from '${from}';\nexport const use = () => ${name};\n`;

describe('layer rules inside main/ (ARCHITECTURE.md)', () => {
  it('refuses a store that reaches up into the composition root', async () => {
    expect(
      await violations({
        'main/store/canary.ts': value('../core/engine.js', 'engine'),
        'main/core/engine.ts': 'export const engine = 1;\n',
      }),
    ).toEqual(['store-sits-on-lib: main/store/canary.ts -> main/core/engine.ts']);
  });

  it('refuses type imports across the base layer too (store ↛ sources)', async () => {
    expect(
      await violations({
        'main/store/canary.ts': "import type { Incident } from '../sources/types.js';\nexport type Row = Incident;\n",
        'main/sources/types.ts': 'export interface Incident { id: string }\n',
      }),
    ).toEqual(['store-sits-on-lib: main/store/canary.ts -> main/sources/types.ts']);
  });

  it('refuses a service that imports the composition root, and a library that imports a service', async () => {
    expect(
      await violations({
        'main/ingest/canary.ts': value('../core/log.js', 'log'),
        'main/core/log.ts': 'export const log = 1;\n',
        'main/lib/canary.ts': value('../alerts/service.js', 'service'),
        'main/alerts/service.ts': 'export const service = 1;\n',
      }),
    ).toEqual(
      expect.arrayContaining([
        'services-sit-on-base: main/ingest/canary.ts -> main/core/log.ts',
        'lib-imports-nothing-above: main/lib/canary.ts -> main/alerts/service.ts',
      ]),
    );
  });

  it('lets each layer use the ones below it', async () => {
    expect(
      await violations({
        'main/cli/serve.ts': value('../core/engine.js', 'engine'),
        'main/core/engine.ts': value('../alerts/service.js', 'service'),
        'main/alerts/service.ts': value('../store/index.js', 'store'),
        'main/store/index.ts': value('../lib/log.js', 'log'),
        'main/lib/log.ts': 'export const log = 1;\n',
      }),
    ).toEqual([]);
  });

  it('refuses a folder that has no layer', async () => {
    expect(
      await violations({ 'main/misc/canary.ts': value('../lib/log.js', 'log'), 'main/lib/log.ts': 'export const log = 1;\n' }),
    ).toEqual(['every-main-folder-has-a-layer: main/misc/canary.ts -> main/lib/log.ts']);
  });

  it('refuses value-import cycles but allows type-only ones', async () => {
    const valueCycle = await violations({
      'main/lib/a.ts': "import { b } from './b.js';\nexport const a = () => b;\n",
      'main/lib/b.ts': "import { a } from './a.js';\nexport const b = () => a;\n",
    });
    expect(valueCycle).toEqual(['no-value-import-cycles: main/lib/a.ts -> main/lib/b.ts']);
    expect(
      await violations({
        'main/lib/a.ts': "import type { B } from './b.js';\nexport interface A { b: B }\n",
        'main/lib/b.ts': "import type { A } from './a.js';\nexport interface B { a?: A }\n",
      }),
    ).toEqual([]);
  });
});
