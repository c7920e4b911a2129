/**
 * Small release tarballs for update tests, laid out like `npm run package` makes them
 * (yardguard-edge-<version>/{bin,dist,package.json,manifest.json}) but with node_modules as a link
 * to the workspace's installed tree instead of a 4000-file copy, so a test can build several.
 */
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { chmodSync, cpSync, mkdirSync, readdirSync, readFileSync, renameSync, symlinkSync, writeFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const edgeDir = fileURLToPath(new URL('../..', import.meta.url));
const repoNodeModules = fileURLToPath(new URL('../../../node_modules', import.meta.url));

export interface BuiltRelease {
  version: string;
  tarball: string;
  sha256: string;
  bytes: number;
}

function walk(dir: string, out: string[] = []): string[] {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) walk(p, out);
    else if (e.isFile()) out.push(p);
  }
  return out;
}

/**
 * Build a release tarball in `outDir`. `broken`: the agent exits at once. `unreachable`: the agent
 * runs but dials a cloud address where nothing listens (it never becomes healthy). `hangs`: the agent
 * starts and then does nothing at all, never exiting (only the launcher's deadline can stop it).
 */
export function buildRelease(outDir: string, version: string, opts: { broken?: boolean; unreachable?: boolean; hangs?: boolean } = {}): BuiltRelease {
  const name = `yardguard-edge-${version}`;
  const stage = join(outDir, name);
  mkdirSync(join(stage, 'bin'), { recursive: true });
  cpSync(join(edgeDir, 'dist'), join(stage, 'dist'), { recursive: true, filter: (p) => !p.endsWith('.map') && !p.endsWith('.d.ts') && !p.includes('.test.') });
  for (const f of ['yardguard-edge', 'yardguard-launch']) {
    cpSync(join(edgeDir, 'release-files', f), join(stage, 'bin', f));
    chmodSync(join(stage, 'bin', f), 0o755);
  }
  const pkg = JSON.parse(readFileSync(join(edgeDir, 'package.json'), 'utf8')) as Record<string, unknown>;
  writeFileSync(join(stage, 'package.json'), JSON.stringify({ ...pkg, version }));
  if (opts.unreachable) {
    renameSync(join(stage, 'dist', 'main.js'), join(stage, 'dist', 'main-real.js'));
    writeFileSync(join(stage, 'dist', 'main.js'), "process.argv.push('--cloud-url', 'mqtt://127.0.0.1:9');\nawait import('./main-real.js');\n");
  }
  if (opts.hangs) writeFileSync(join(stage, 'dist', 'main.js'), "process.stderr.write('hung release: never healthy, never exits\\n'); setInterval(() => {}, 1 << 30);\n");
  if (opts.broken) writeFileSync(join(stage, 'dist', 'main.js'), "process.stderr.write('broken release: exits at once\\n'); process.exit(3);\n");
  symlinkSync(repoNodeModules, join(stage, 'node_modules'));
  const files: Record<string, string> = {};
  for (const f of walk(stage).sort()) files[relative(stage, f).split(sep).join('/')] = createHash('sha256').update(readFileSync(f)).digest('hex');
  const manifest = { name: '@yardguard/edge', version, builtFor: { platform: process.platform, arch: process.arch, nodeAbi: process.versions.modules }, files };
  writeFileSync(join(stage, 'manifest.json'), JSON.stringify(manifest));
  const tarball = join(outDir, `${name}.tar.gz`);
  execFileSync('tar', ['-C', outDir, '-czf', tarball, name]);
  const data = readFileSync(tarball);
  return { version, tarball, sha256: createHash('sha256').update(data).digest('hex'), bytes: data.length };
}

/** Install a release as first-boot.sh does: ROOT/releases/<version>, ROOT/current, ROOT/bin/yardguard-launch. */
export function installRelease(root: string, r: BuiltRelease): void {
  mkdirSync(join(root, 'releases'), { recursive: true });
  execFileSync('tar', ['-C', join(root, 'releases'), '-xzf', r.tarball]);
  execFileSync('mv', [join(root, 'releases', `yardguard-edge-${r.version}`), join(root, 'releases', r.version)]);
  symlinkSync(join('releases', r.version), join(root, 'current'));
  mkdirSync(join(root, 'bin'), { recursive: true });
  cpSync(join(root, 'releases', r.version, 'bin', 'yardguard-launch'), join(root, 'bin', 'yardguard-launch'));
}
