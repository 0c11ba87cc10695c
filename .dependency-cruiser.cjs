// Import rules of mp-recon: docs/architecture.md explains each one. `npm run lint` checks them, so a
// wrong arrow fails CI. Paths are repository-relative; "kernel" is the handful of files every layer
// may use (config, errors, log, sites, environment, deps, util/, output/).
const KERNEL = '^src/(config|errors|log|sites|environment|deps)[.]ts$|^src/(util|output)/';
const ABOVE_SRC = '^(cli|jobs|simulator|bench|test|samples|scripts)/';

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'A cycle makes two files one concept in two places: split out what both need.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'src-never-imports-upward',
      severity: 'error',
      comment: 'src/ holds building blocks; use cases (jobs/), entry points (cli/) and the simulator sit above or beside it.',
      from: { path: '^src/' },
      to: { path: ABOVE_SRC },
    },
    {
      name: 'jobs-never-import-entry-points',
      severity: 'error',
      comment: 'A use case runs the same from the CLI, the scheduler or a worker: it cannot know which one called it.',
      from: { path: '^jobs/' },
      to: { path: '^(cli|simulator|bench|test|samples|scripts)/' },
    },
    {
      name: 'simulator-only-for-demo-and-sandbox',
      severity: 'error',
      comment: 'The simulator stands in for Mercado Pago: only the commands that start it (demo, sandbox) may import it.',
      from: { path: '^(cli|jobs|src|migrations)/', pathNot: '^cli/(commands/(demo|sandbox)|run-demo)[.]ts$' },
      to: { path: '^simulator/' },
    },
    {
      name: 'simulator-is-a-sibling',
      severity: 'error',
      comment: "The simulator must not share the engine's code: a parser bug would be mirrored by the thing that tests it.",
      from: { path: '^simulator/' },
      to: { path: '^(cli|jobs|src|migrations|bench|test)/' },
    },
    {
      name: 'migrations-stand-alone',
      severity: 'error',
      comment: 'A migration is frozen history: it cannot depend on code that will change after it.',
      from: { path: '^migrations/' },
      to: { path: '^(cli|jobs|src|simulator|bench|test|samples)/' },
    },
    {
      name: 'no-test-code-in-production',
      severity: 'error',
      from: { path: '^(cli|jobs|src|simulator|migrations)/' },
      to: { path: '^test/' },
    },
    {
      name: 'no-dev-dependencies-in-production',
      severity: 'error',
      comment: 'A dev dependency is a build or test tool, not part of what runs at night.',
      from: { path: '^(cli|jobs|src|simulator|migrations)/' },
      to: { dependencyTypes: ['npm-dev'], dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'kernel-stays-small',
      severity: 'error',
      comment: 'The kernel is imported by every room, so it imports no room (deps.ts names the connection type only).',
      from: { path: KERNEL, pathNot: '^src/deps[.]ts$' },
      to: { path: '^src/', pathNot: KERNEL },
    },
    {
      name: 'db-is-the-floor',
      severity: 'error',
      comment:
        'Every room reaches the database through src/db; src/db knows no room above it. One exception: the connection ' +
        "starts and closes its process's run-liveness session (src/runs/run-liveness.ts), which must live as long as the pool.",
      from: { path: '^src/db/' },
      to: { path: '^src/', pathNot: `${KERNEL}|^src/db/|^src/runs/run-liveness[.]ts$` },
    },
    {
      name: 'mp-client-knows-only-http',
      severity: 'error',
      comment: 'The Mercado Pago client speaks HTTP and JSON; what the engine does with the answers lives elsewhere.',
      from: { path: '^src/mp/' },
      to: { path: '^src/', pathNot: `${KERNEL}|^src/mp/` },
    },
    {
      name: 'queue-knows-no-work',
      severity: 'error',
      comment: 'The queue moves jobs between processes; what a job does is decided in jobs/ (run-queued-job.ts).',
      from: { path: '^src/queue/' },
      to: { path: '^src/', pathNot: `${KERNEL}|^src/queue/|^src/parse/parse-report[.]ts$` },
    },
    {
      name: 'parse-reads-no-database',
      severity: 'error',
      comment: 'Parsing a report is pure: bytes in, typed rows and rejections out (column types are shared vocabulary).',
      from: { path: '^src/parse/' },
      to: { path: '^src/', pathNot: `${KERNEL}|^src/parse/|^src/db/column-types[.]ts$` },
    },
    {
      name: 'flow-runs-forward',
      severity: 'error',
      comment: 'acquire → parse → ingest → reconcile → finance: a stage may use an earlier one, never a later one.',
      from: { path: '^src/(acquire|parse|ingest|reconcile)/' },
      to: { path: '^src/(finance|mismatches|web|alerts)/' },
    },
    {
      name: 'stages-stay-apart',
      severity: 'error',
      comment: 'Acquire fetches files, ingest stores what a file says, reconcile judges stored rows: none calls another; jobs/ sequences them.',
      from: { path: '^src/(acquire|ingest|reconcile)/' },
      to: { path: '^src/(acquire|ingest|reconcile)/', pathNot: '^src/$1/' },
    },
    {
      name: 'not-to-unresolvable',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(dist|node_modules)/' },
    parser: 'swc',
    combinedDependencies: false,
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      mainFields: ['module', 'main', 'types', 'typings'],
    },
  },
};
