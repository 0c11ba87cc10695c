/** The CLI process: runs main() on the command line and exits with its code (main.ts only exports it, for tests). */
import { main } from './main.ts';

process.exitCode = await main(process.argv.slice(2));
