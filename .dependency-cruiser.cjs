// The layers inside main/ (ARCHITECTURE.md), checked by `npm test`. A folder may import only
// from its own layer or those below it; test/lint/layers.test.ts proves each rule bites.
//   edge      hub, electron, cli            the transports and entry points
//   core      core                          composition only, plus the typed event bus
//   services  ingest, alerts, auth, incidents, publish, board, reports
//   base      store, sources, detect        repositories, connectors, pure detectors (not each other)
//   lib       lib                           log, clock, errors, metrics, workers
const SERVICES = '(ingest|alerts|auth|incidents|publish|board|reports)';
const LAYERED = `^main/(lib|store|sources|detect|${SERVICES.slice(1, -1)}|core|hub|electron|cli)/`;

const below = (name, from, allowed, comment) => ({
  name,
  comment,
  severity: 'error',
  from: { path: from },
  to: { path: '^main/', pathNot: allowed },
});

module.exports = {
  forbidden: [
    below(
      'lib-imports-nothing-above',
      '^main/lib/',
      '^main/lib/',
      'main/lib is the floor: plain libraries that know nothing of the product.',
    ),
    below(
      'store-sits-on-lib',
      '^main/store/',
      '^main/(store|lib)/',
      'The store may use only main/lib: sources and detection give it plain data (shared/domain types).',
    ),
    below(
      'sources-sit-on-lib',
      '^main/sources/',
      '^main/(sources|lib)/',
      'Sources may use only main/lib: what they need of the store is a port they declare (e.g. SourceManagerStore).',
    ),
    below(
      'detect-sits-on-lib',
      '^main/detect/',
      '^main/(detect|lib)/',
      'Detectors are pure: main/lib at most, never the store or the sources.',
    ),
    below(
      'services-sit-on-base',
      `^main/${SERVICES}/`,
      `^main/(lib|store|sources|detect|${SERVICES.slice(1, -1)})/`,
      'A service uses the base layer and other services, never the composition root or a transport.',
    ),
    below(
      'core-composes-below-the-edge',
      '^main/core/',
      '^main/(?!hub/|electron/|cli/)',
      'main/core builds the engine; transports and entry points sit above it.',
    ),
    below('hub-is-not-electron', '^main/hub/', '^main/(?!electron/|cli/)', 'The hub runs headless: no Electron shell, no CLI.'),
    below('cli-is-not-electron', '^main/cli/', '^main/(?!electron/)', 'The CLI runs in plain Node.'),
    {
      name: 'every-main-folder-has-a-layer',
      comment: 'A new folder in main/ gets its place in this file and in ARCHITECTURE.md first.',
      severity: 'error',
      from: { path: '^main/', pathNot: LAYERED },
      to: {},
    },
    {
      name: 'no-value-import-cycles',
      comment: 'Modules that import each other for values load in an order-dependent way; type-only cycles are harmless.',
      severity: 'error',
      from: { path: '^(main|shared|renderer)/' },
      to: { circular: true, dependencyTypesNot: ['type-only'], viaOnly: { dependencyTypesNot: ['type-only'] } },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      extensions: ['.ts', '.tsx', '.js', '.mjs', '.cjs'],
      conditionNames: ['import', 'require', 'node', 'default'],
    },
    exclude: { path: '(^|/)node_modules/' },
  },
};
