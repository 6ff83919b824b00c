import { describe, expect, it } from 'vitest';
import { CSP, CSP_DIRECTIVES, isCspOriginSafe, renderCsp } from '../../shared/csp.js';
import { expectStrictCsp, parseCsp } from './strictCsp.js';

describe('the one CSP (shared/csp.ts)', () => {
  it('renders the strict directives, each once', () => {
    expectStrictCsp(CSP);
    expect(renderCsp()).toBe(CSP);
    expect([...parseCsp(CSP).keys()]).toEqual(Object.keys(CSP_DIRECTIVES));
  });

  it('widens connect-src by clean origins only and touches no other directive', () => {
    const widened = renderCsp({ connectSources: ['wss://hub.example:8443', 'https://api.example'] });
    expectStrictCsp(widened, ['wss://hub.example:8443', 'https://api.example']);
    const hostile = renderCsp({
      connectSources: [
        "https://x; script-src 'unsafe-eval'",
        'https://x;script-src',
        '*',
        'https://ok.example/path',
        'https://a:b@creds.example',
        'javascript:alert(1)',
        'data:',
        '',
      ],
    });
    expect(hostile).toBe(CSP);
  });

  it('accepts bare http(s)/ws(s) origins and nothing else', () => {
    for (const ok of ['https://hub.example', 'wss://hub.example:8443', 'http://127.0.0.1:7331', 'ws://localhost:1', 'https://[::1]:8443'])
      expect(isCspOriginSafe(ok), ok).toBe(true);
    for (const bad of [
      'https://hub.example/',
      'HTTPS://hub.example',
      'https://hub.example/x',
      'ftp://hub.example',
      "'self'",
      'https://*.example',
      "https://a'b.example",
      'https://a;object-src',
      'https://a,b.example',
      'https://a"b',
      `https://${'a'.repeat(9000)}.example`,
    ]) {
      expect(isCspOriginSafe(bad), bad.slice(0, 40)).toBe(false);
    }
  });
});
