/**
 * One tally per attack-suite part: what was tried, refused, let in and what crashed a process.
 * Each part prints `tried / refused / crashed / let in` and writes test-results/attacks/<part>.json;
 * `npm run bench` sums those files into `attacks.tried`, `attacks.let_in`, `attacks.crashed`.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface TallyReport {
  part: string;
  tried: number;
  refused: number;
  crashed: number;
  let_in: string[];
}

export interface Tally {
  /** An attempt was refused (the expected outcome). */
  refused(what?: string): void;
  /** An attempt got in: the test must fail. */
  letIn(what: string): void;
  /** An attempt crashed or hung a process (5xx, socket hang-up of a server, process exit). */
  crashed(what: string): void;
  report(): TallyReport;
}

export const attackResultsDir = join(fileURLToPath(new URL('../../', import.meta.url)), 'test-results', 'attacks');

export function createTally(part: string): Tally {
  let tried = 0;
  let refused = 0;
  const crashed: string[] = [];
  const letIn: string[] = [];
  return {
    refused() {
      tried++;
      refused++;
    },
    letIn(what) {
      tried++;
      letIn.push(what);
    },
    crashed(what) {
      tried++;
      crashed.push(what);
    },
    report() {
      const r: TallyReport = { part, tried, refused, crashed: crashed.length, let_in: letIn };
      console.log(`attacks ${part}: tried ${tried} / refused ${refused} / crashed ${crashed.length} / let in ${letIn.length}`);
      for (const c of crashed.slice(0, 20)) console.log(`  crashed: ${c}`);
      for (const l of letIn.slice(0, 20)) console.log(`  let in: ${l}`);
      mkdirSync(attackResultsDir, { recursive: true });
      writeFileSync(join(attackResultsDir, `${part}.json`), JSON.stringify(r, null, 2));
      return r;
    },
  };
}
