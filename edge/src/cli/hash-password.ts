/** `yardguard-edge hash-password`: the scrypt hash to put in a device's mqtt.passwordHash. */
import { createInterface } from 'node:readline/promises';
import { hashPassword } from '@yardguard/firmware-config/node';

/** All of a piped stdin (a password may come without a trailing newline: `printf pw | ...`). */
async function readAll(input: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of input) chunks.push(Buffer.isBuffer(c) ? c : Buffer.from(c as string));
  return Buffer.concat(chunks).toString('utf8');
}

async function prompt(): Promise<string> {
  const rl = createInterface({ input: process.stdin, output: process.stderr, terminal: true });
  try {
    return await rl.question('device password: ');
  } finally {
    rl.close();
  }
}

export async function hashPasswordCommand(
  password: string | undefined,
  io: { out?: NodeJS.WritableStream; input?: NodeJS.ReadableStream & { isTTY?: boolean } } = {},
): Promise<void> {
  const input = io.input ?? process.stdin;
  // Read from stdin so the password stays out of shell history and `ps`.
  let pw = password ?? (input.isTTY ? await prompt() : await readAll(input));
  pw = pw.replace(/\r?\n$/, '');
  if (pw.length === 0) throw new Error('no password given: pass it on stdin (printf %s "$PW" | yardguard-edge hash-password) or as an argument');
  if (pw.length < 8) throw new Error(`password must be at least 8 characters (got ${pw.length})`);
  (io.out ?? process.stdout).write(`${hashPassword(pw)}\n`);
}
