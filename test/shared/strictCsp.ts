/**
 * What "strict" means for our CSP, asserted on a rendered header rather than compared with
 * a copy of it: a copy would have to change with every harmless edit and would then pass
 * whatever the edit made of the policy.
 */
import { expect } from 'vitest';

export function parseCsp(header: string): Map<string, string[]> {
  const directives = new Map<string, string[]>();
  for (const part of header.split(';')) {
    const [name, ...sources] = part.trim().split(/\s+/);
    if (!name) continue;
    expect(directives.has(name), `${name} appears once`).toBe(false);
    directives.set(name, sources);
  }
  return directives;
}

/** `extraConnect`: the origins this header is expected to add to connect-src. */
export function expectStrictCsp(header: string, extraConnect: readonly string[] = []): void {
  expect(header).not.toMatch(/'unsafe-|'strict-dynamic'|\*/);
  const csp = parseCsp(header);
  for (const name of ['default-src', 'script-src', 'style-src']) expect(csp.get(name), name).toEqual(["'self'"]);
  for (const name of ['object-src', 'base-uri', 'form-action', 'frame-ancestors']) expect(csp.get(name), name).toEqual(["'none'"]);
  expect(csp.get('img-src')).toEqual(["'self'", 'data:']);
  expect(csp.get('connect-src')).toEqual(["'self'", ...extraConnect]);
  expect([...csp.keys()].sort()).toEqual([
    'base-uri',
    'connect-src',
    'default-src',
    'form-action',
    'frame-ancestors',
    'img-src',
    'object-src',
    'script-src',
    'style-src',
  ]);
}
