import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, generateSigningKeyPair, hashIssuedSecret, hashPassword, loadSiteConfig, signCommand, verifyPassword, verifyPasswordAsync, verifySignedCommand } from './node.js';
import type { Command } from './contract/messages/commands.js';
// fixed-dates-ok: signatures and schemas only; verifySignedCommand does not read the clock.

const cmd: Command = {
  v: 1, id: 'cmd-1', gatewayId: 'gw1', deviceId: 'gate-main', issuedAt: '2026-11-24T10:00:00Z',
  expiresAt: '2026-11-24T10:00:10Z', nonce: 'abcdefghijklmnop', issuedBy: 'u1', action: 'gate.open', params: {},
};

describe('node helpers', () => {
  it('hashes and verifies passwords', () => {
    const h = hashPassword('demo-gate-1');
    expect(h).toMatch(/^scrypt\$/);
    expect(verifyPassword('demo-gate-1', h)).toBe(true);
    expect(verifyPassword('demo-gate-2', h)).toBe(false);
    expect(verifyPassword('x', 'garbage')).toBe(false);
  });

  it('hashes issued random secrets fast (salted HMAC) and verifies them through the same calls', async () => {
    const secret = 'Xq3v9Lr0aZ8kPd2mW7yBn4Tc';
    const h = hashIssuedSecret(secret);
    expect(h).toMatch(/^hmac-sha256\$/);
    expect(hashIssuedSecret(secret)).not.toBe(h); // salted
    expect(verifyPassword(secret, h)).toBe(true);
    expect(await verifyPasswordAsync(secret, h)).toBe(true);
    expect(await verifyPasswordAsync(Buffer.from(secret), h)).toBe(true);
    expect(verifyPassword(`${secret}x`, h)).toBe(false);
    expect(await verifyPasswordAsync('', h)).toBe(false);
    expect(verifyPassword(secret, 'hmac-sha256$broken')).toBe(false);
    // Never for a password a person chose: too short to be a random secret.
    expect(() => hashIssuedSecret('demo-gate-1')).toThrow(/hashPassword/);
  });

  it('signs commands that verify only with the pinned key and untouched content', () => {
    const cloud = generateSigningKeyPair();
    const other = generateSigningKeyPair();
    const signed = signCommand(cmd, cloud.privateKey);
    expect(verifySignedCommand(signed, cloud.publicKey)).toEqual({ ok: true, command: cmd });
    expect(verifySignedCommand(signed, other.publicKey)).toMatchObject({ ok: false, code: 'CMD_BAD_SIGNATURE' });
    const tampered = { ...signed, command: { ...cmd, deviceId: 'gate-other' } };
    expect(verifySignedCommand(tampered, cloud.publicKey)).toMatchObject({ ok: false, code: 'CMD_BAD_SIGNATURE' });
    // Key order does not matter: the signature covers canonical JSON.
    const reordered = { ...signed, command: Object.fromEntries(Object.entries(cmd).reverse()) };
    expect(verifySignedCommand(reordered, cloud.publicKey).ok).toBe(true);
  });

  it('a correctly signed but malformed command is CMD_INVALID', () => {
    const k = generateSigningKeyPair();
    const signed = signCommand({ ...cmd, action: 'gate.explode' } as unknown as Command, k.privateKey);
    expect(verifySignedCommand(signed, k.publicKey)).toMatchObject({ ok: false, code: 'CMD_INVALID' });
  });

  it('loadSiteConfig names the file and the problem', () => {
    const dir = mkdtempSync(join(tmpdir(), 'yg-cfg-'));
    const bad = join(dir, 'site.json');
    writeFileSync(bad, '{ "version": 1,');
    expect(() => loadSiteConfig(bad)).toThrow(ConfigError);
    expect(() => loadSiteConfig(bad)).toThrow(/site\.json is not valid JSON/);
    writeFileSync(bad, JSON.stringify({ version: 1, compound: { id: 'c', name: 'x' }, gateway: { id: 'g' }, gates: [{ id: 'g1', name: 'n', driver: 'gpio', relayPin: 99 }] }));
    expect(() => loadSiteConfig(bad)).toThrow(/gates\[0\]\.relayPin: BCM pins are 0-27/);
    expect(() => loadSiteConfig(join(dir, 'missing.json'))).toThrow(/cannot read site config/);
  });
});
