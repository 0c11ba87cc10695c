/**
 * Prints the CLI's start-up figures: `startup ratio: X` is median(mp-recon --help) / median(node -e 0).
 *
 *   node bin/run-ts.js scripts/startup-bench.ts [--runs 10] [-- COMMAND ARGS...]   (default: --help)
 */
import { parseArgs } from 'node:util';
import { measureStartup } from './startup-ratio.ts';

const { values, positionals } = parseArgs({ options: { runs: { type: 'string', default: '10' } }, allowPositionals: true });
const cliArgs = positionals.length > 0 ? positionals : ['--help'];
const f = measureStartup(Number(values.runs), cliArgs);
if (!f.compiled) console.error('startup: dist/ is missing or older than the sources, so this timed tsx; run `npm run build` first');
console.log(`startup node -e 0: ${f.nodeMs.toFixed(1)} ms`);
console.log(`startup mp-recon ${cliArgs.join(' ')}: ${f.helpMs.toFixed(1)} ms`);
const label = positionals.length > 0 ? ` (${cliArgs.join(' ')})` : '';
console.log(`startup ratio${label}: ${f.ratio.toFixed(2)}`);
