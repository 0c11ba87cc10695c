/**
 * Spawned by tests (see runCommands in run-cli.ts): runs several mp-recon commands one after the other in
 * this one process, as the CLI would, and prints one JSON line per command as it ends. A command that
 * hangs or spins stops the lines, and the parent's timeout tells which one. One process for many
 * commands saves the start-up cost of a process per command.
 */
import { Writable } from 'node:stream';
import { main } from '../../cli/main.ts';

const commands = JSON.parse(process.argv[2] ?? '[]') as string[][];
for (const args of commands) {
  let out = '';
  let err = '';
  const sink = (append: (text: string) => void) =>
    new Writable({
      write(chunk, _encoding, done) {
        append(String(chunk));
        done();
      },
    });
  const code = await main(args, { out: sink((t) => (out += t)), err: sink((t) => (err += t)) });
  process.stdout.write(`${JSON.stringify({ args, code, stdout: out, stderr: err })}\n`);
}
