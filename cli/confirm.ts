/**
 * A yes/no question on the terminal, for commands that move money. Asked only when both stdin and the
 * output are terminals: a script (no TTY) is never left waiting, and `--yes` skips the question.
 */
import { createInterface } from 'node:readline/promises';

export function canAsk(input: NodeJS.ReadableStream, output: NodeJS.WritableStream): boolean {
  return (input as NodeJS.ReadStream).isTTY === true && (output as NodeJS.WriteStream).isTTY === true;
}

/** True for y / yes (any case); anything else, or end of input, is no. */
export async function askYesNo(question: string, input: NodeJS.ReadableStream, output: NodeJS.WritableStream): Promise<boolean> {
  const rl = createInterface({ input, output, terminal: false });
  try {
    const answer = await Promise.race([rl.question(`${question} [y/N] `), new Promise<string>((resolve) => rl.once('close', () => resolve('')))]);
    return /^\s*y(es)?\s*$/i.test(answer);
  } finally {
    rl.close();
  }
}
