#!/usr/bin/env node
/**
 * `npm run package`: the edge agent as a release tarball a Pi installs without the monorepo.
 *
 *   yardguard-edge-<version>/
 *     bin/yardguard-edge        launcher (node with the agent's heap caps)
 *     bin/yardguard-launch      what systemd starts: judges an update on trial, starts current/
 *     dist/                     the agent's JavaScript (built by `npm run build`)
 *     node_modules/             production dependencies, bundled (@yardguard/firmware-config included)
 *     package.json              the edge package, dev dependencies removed
 *     systemd/, first-boot.sh, samples/, INSTALL.md
 *     manifest.json             name, version, Node range, built-for platform/arch/ABI, sha256 of every file
 *     SHA256SUMS                the same sums for `sha256sum -c`
 *
 * Dependencies are copied from the workspace's installed node_modules (the production closure
 * only), so packaging needs no network. Native modules (better-sqlite3, classic-level, onoff's
 * epoll) are built for this machine: first-boot.sh runs `npm rebuild` when the target's
 * platform, arch or Node ABI differ (manifest.builtFor).
 *
 * Options: --out DIR (default release/ at the repo root), --version X (override, e.g. for tests
 * that need two versions), --json (print the result as JSON).
 */
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, realpathSync, rmSync, statSync, writeFileSync, chmodSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import process from 'node:process';

const edgeDir = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const repoDir = resolve(edgeDir, '..');
const { values } = parseArgs({ options: { out: { type: 'string' }, version: { type: 'string' }, json: { type: 'boolean' } } });

const fail = (msg) => {
  process.stderr.write(`error: ${msg}\n`);
  process.exit(1);
};

const edgePkg = JSON.parse(readFileSync(join(edgeDir, 'package.json'), 'utf8'));
const version = values.version ?? edgePkg.version;
if (!/^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$/.test(version)) fail(`version "${version}" is not semver (x.y.z[-tag])`);
if (!existsSync(join(edgeDir, 'dist', 'main.js'))) fail('edge/dist/main.js missing: run `npm run build` first');
const nodeRange = JSON.parse(readFileSync(join(repoDir, 'package.json'), 'utf8')).engines?.node ?? '>=20';

const outDir = resolve(values.out ?? join(repoDir, 'release'));
const name = `yardguard-edge-${version}`;
const stage = join(outDir, name);
rmSync(stage, { recursive: true, force: true });
mkdirSync(stage, { recursive: true });

// --- the agent ------------------------------------------------------------------------------
cpSync(join(edgeDir, 'dist'), join(stage, 'dist'), { recursive: true, filter: (p) => !p.endsWith('.map') && !p.endsWith('.d.ts') });
const { devDependencies: _dev, scripts: _scripts, ...pkg } = edgePkg;
writeFileSync(join(stage, 'package.json'), `${JSON.stringify({ ...pkg, version, bin: { 'yardguard-edge': './bin/yardguard-edge' }, engines: { node: nodeRange } }, null, 2)}\n`);

// --- production dependencies: the closure, copied from the installed tree -----------------------
/** Where Node would find `dep` from a package at `fromDir` (walking up node_modules). */
function locate(dep, fromDir) {
  for (let d = fromDir; ; d = dirname(d)) {
    const candidate = join(d, 'node_modules', dep);
    if (existsSync(join(candidate, 'package.json'))) return candidate;
    if (d === dirname(d) || relative(repoDir, d).startsWith('..')) return null;
  }
}
/** The path inside the release's node_modules: after the last top-level node_modules of the monorepo. */
function releasePath(installed) {
  const real = installed;
  for (const root of [join(edgeDir, 'node_modules'), join(repoDir, 'node_modules')]) {
    if (real.startsWith(root + sep)) return join('node_modules', relative(root, real));
  }
  return null;
}
const placed = new Map(); // release path -> source dir
const queue = [{ deps: { ...edgePkg.dependencies }, optional: { ...edgePkg.optionalDependencies }, from: edgeDir }];
while (queue.length > 0) {
  const { deps, optional, from } = queue.shift();
  for (const [dep, isOptional] of [...Object.keys(deps).map((d) => [d, false]), ...Object.keys(optional).map((d) => [d, true])]) {
    const found = locate(dep, from);
    if (!found) {
      if (isOptional) continue;
      fail(`dependency ${dep} (needed by ${relative(repoDir, from) || 'edge'}) is not installed: run npm install`);
    }
    const isLink = lstatSync(found).isSymbolicLink();
    const target = isLink ? join('node_modules', dep) : releasePath(found);
    if (!target) fail(`cannot place ${found} in the release`);
    if (placed.has(target)) continue;
    const src = realpathSync(found);
    placed.set(target, src);
    const depPkg = JSON.parse(readFileSync(join(src, 'package.json'), 'utf8'));
    // A workspace package (firmware-config) resolves its own deps from the monorepo root.
    queue.push({ deps: depPkg.dependencies ?? {}, optional: depPkg.optionalDependencies ?? {}, from: isLink ? join(repoDir, 'node_modules', dep) : found });
  }
}
const workspace = (src) => !relative(repoDir, src).startsWith('..') && !src.includes(`${sep}node_modules${sep}`);
const skipInPackage = (src) => (p) => {
  const rel = relative(src, p);
  if (rel === '') return true;
  const top = rel.split(sep)[0];
  // Nested node_modules are placed on their own (they are in `placed` when needed); sources and
  // tests of workspace packages are not shipped; intermediate build objects are not needed.
  if (top === 'node_modules' || top === '.turbo') return false;
  // Test reports (test-results/) are written into workspace packages by `npm test` before packaging.
  if (workspace(src) && (top === 'src' || top === 'test' || top === 'test-results' || top === 'coverage')) return false;
  if (/(^|\/)build\/(Release\/)?(obj|obj\.target|\.deps|deps|test_extension\.node)(\/|$)/.test(rel) || /(^|\/)build\/.*\.a$/.test(rel)) return false;
  if (/^(vitest\.config|tsconfig)[.\w]*$/.test(rel)) return false;
  return !rel.endsWith('.map') && !rel.endsWith('.test.js') && !rel.endsWith('.tsbuildinfo');
};
for (const [target, src] of [...placed].sort(([a], [b]) => a.length - b.length)) {
  cpSync(src, join(stage, target), { recursive: true, dereference: true, filter: skipInPackage(src) });
}

// --- install files ----------------------------------------------------------------------------
const prov = join(repoDir, 'firmware-config', 'provisioning');
const files = join(edgeDir, 'release-files');
mkdirSync(join(stage, 'bin'));
cpSync(join(files, 'yardguard-edge'), join(stage, 'bin', 'yardguard-edge'));
chmodSync(join(stage, 'bin', 'yardguard-edge'), 0o755);
cpSync(join(files, 'yardguard-launch'), join(stage, 'bin', 'yardguard-launch'));
chmodSync(join(stage, 'bin', 'yardguard-launch'), 0o755);
cpSync(join(prov, 'first-boot.sh'), join(stage, 'first-boot.sh'));
chmodSync(join(stage, 'first-boot.sh'), 0o755);
cpSync(join(files, 'INSTALL.md'), join(stage, 'INSTALL.md'));
cpSync(join(prov, 'systemd'), join(stage, 'systemd'), { recursive: true });
mkdirSync(join(stage, 'samples'));
for (const f of readdirSync(join(prov, 'samples')).filter((f) => f.endsWith('.json'))) cpSync(join(prov, 'samples', f), join(stage, 'samples', f));

// --- manifest ---------------------------------------------------------------------------------
function walk(dir, out = []) {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) walk(p, out);
    else if (e.isFile()) out.push(p);
  }
  return out;
}
const sums = {};
let bytes = 0;
for (const f of walk(stage).sort()) {
  const rel = relative(stage, f).split(sep).join('/');
  const data = readFileSync(f);
  bytes += data.length;
  sums[rel] = createHash('sha256').update(data).digest('hex');
}
const manifest = {
  name: '@yardguard/edge', version, node: nodeRange,
  builtFor: { platform: process.platform, arch: process.arch, nodeAbi: process.versions.modules, node: process.versions.node },
  entry: 'bin/yardguard-edge', createdAt: new Date().toISOString(), files: sums,
};
writeFileSync(join(stage, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
writeFileSync(join(stage, 'SHA256SUMS'), Object.entries(sums).map(([f, h]) => `${h}  ${f}\n`).join(''));

const tarball = join(outDir, `${name}.tar.gz`);
// Fixed owner and mode bits: the tarball unpacks the same for every installer.
execFileSync('tar', ['-C', outDir, '--owner=0', '--group=0', '--numeric-owner', '-czf', tarball, name]);
const sha256 = createHash('sha256').update(readFileSync(tarball)).digest('hex');
const result = { tarball, version, sha256, bytes: statSync(tarball).size, unpackedBytes: bytes, files: Object.keys(sums).length, packages: placed.size };
if (values.json) process.stdout.write(`${JSON.stringify(result)}\n`);
else process.stdout.write(`${tarball}\n  version ${version}, ${result.files} files, ${placed.size} packages, ${(result.bytes / 1048576).toFixed(1)} MiB (unpacked ${(bytes / 1048576).toFixed(1)} MiB)\n  sha256 ${sha256}\n`);
