import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

/** Proves the fences bite: each canary is a one-line file that crosses a boundary. */
const eslint = new ESLint({ cwd: process.cwd() });
const fenceErrors = async (filePath: string, code: string): Promise<string[]> => {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
};

describe('runtime fences (STYLE habit 1)', () => {
  it('keeps electron out of the engine', async () => {
    expect(await fenceErrors('main/core/canary.ts', "import { app } from 'electron';\nexport const a = app;\n")).toHaveLength(1);
    expect(await fenceErrors('main/electron/canary.ts', "import { app } from 'electron';\nexport const a = app;\n")).toHaveLength(0);
  });

  it('keeps the renderer off main and node', async () => {
    expect(
      await fenceErrors(
        'renderer/src/canary.ts',
        "import { createStore } from '../../main/store/index.js';\nexport const a = createStore;\n",
      ),
    ).toHaveLength(1);
    expect(
      await fenceErrors('renderer/src/canary.ts', "import { readFileSync } from 'node:fs';\nexport const a = readFileSync;\n"),
    ).toHaveLength(1);
    expect(
      await fenceErrors(
        'renderer/src/canary.ts',
        "import { methods } from '../../shared/contract/methods.js';\nexport const a = methods;\n",
      ),
    ).toHaveLength(0);
  });

  it('keeps shared free of side-specific imports', async () => {
    expect(await fenceErrors('shared/canary.ts', "import { app } from 'electron';\nexport const a = app;\n")).toHaveLength(1);
    expect(await fenceErrors('shared/canary.ts', "import { join } from 'node:path';\nexport const a = join;\n")).toHaveLength(1);
  });

  it('lets the preload import only electron and shared', async () => {
    const file = 'main/electron/preload.ts';
    expect(await fenceErrors(file, "import { contextBridge } from 'electron';\nexport const a = contextBridge;\n")).toHaveLength(0);
    expect(
      await fenceErrors(file, "import { IPC_CALL_CHANNEL } from '../../shared/contract/wire.js';\nexport const a = IPC_CALL_CHANNEL;\n"),
    ).toHaveLength(0);
    expect(await fenceErrors(file, "import { createStore } from '../store/index.js';\nexport const a = createStore;\n")).toHaveLength(1);
  });
});
