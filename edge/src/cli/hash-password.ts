/** `yardguard-edge hash-password`: the scrypt hash to put in a device's mqtt.passwordHash. */
import { createInterface } from 'node:readline/promises';
import { hashPassword } from '@yardguard/firmware-config/node';

export async function hashPasswordCommand(password: string | undefined, out: NodeJS.WritableStream = process.stdout): Promise<void> {
  let pw = password;
  if (pw === undefined) {
    // Read from stdin so the password stays out of shell history and `ps`.
    const rl = createInterface({ input: process.stdin, output: process.stderr, terminal: process.stdin.isTTY });
    pw = await rl.question(process.stdin.isTTY ? 'device password: ' : '');
    rl.close();
  }
  pw = pw.replace(/\r?\n$/, '');
  if (pw.length < 8) throw new Error('password must be at least 8 characters');
  out.write(`${hashPassword(pw)}\n`);
}
