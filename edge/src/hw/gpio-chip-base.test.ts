import { afterEach, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resolveGpioBase } from './gpio-chip-base.js';
import { createOnoffGpio } from './onoff-gpio.js';
import type { Level } from './gpio-port.js';

const dirs: string[] = [];
function fakeSysfs(chips: { name: string; label: string; base: number; ngpio?: number }[]): string {
  const root = mkdtempSync(join(tmpdir(), 'yg-sysfs-'));
  dirs.push(root);
  for (const c of chips) {
    mkdirSync(join(root, c.name));
    writeFileSync(join(root, c.name, 'label'), `${c.label}\n`);
    writeFileSync(join(root, c.name, 'base'), `${c.base}\n`);
    writeFileSync(join(root, c.name, 'ngpio'), `${c.ngpio ?? 54}\n`);
  }
  writeFileSync(join(root, 'export'), '');
  return root;
}
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

describe('gpiochip base', () => {
  it('Bookworm on a Pi 4: the bcm2711 chip at 512 wins over the expander chip', () => {
    const root = fakeSysfs([
      { name: 'gpiochip512', label: 'pinctrl-bcm2711', base: 512, ngpio: 58 },
      { name: 'gpiochip570', label: 'raspberrypi-exp-gpio', base: 570, ngpio: 8 },
    ]);
    expect(resolveGpioBase(root).base).toBe(512);
  });

  it('Pi 5 (RP1) and a legacy kernel at 0', () => {
    expect(resolveGpioBase(fakeSysfs([{ name: 'gpiochip571', label: 'pinctrl-rp1', base: 571 }, { name: 'gpiochip512', label: 'gpio-brcmstb@107d508500', base: 512 }])).base).toBe(571);
    expect(resolveGpioBase(fakeSysfs([{ name: 'gpiochip0', label: 'pinctrl-bcm2835', base: 0 }])).base).toBe(0);
  });

  it('no gpio class = base 0; unknown chips only = a clear error', () => {
    expect(resolveGpioBase(join(tmpdir(), 'does-not-exist-yg')).base).toBe(0);
    expect(() => resolveGpioBase(fakeSysfs([{ name: 'gpiochip0', label: 'some-other-chip', base: 0 }]))).toThrow(/some-other-chip/);
  });

  it('the onoff port adds the base to BCM pins and sets the initial output level at export', async () => {
    const root = fakeSysfs([{ name: 'gpiochip512', label: 'pinctrl-bcm2711', base: 512 }]);
    const created: { n: number; dir: string }[] = [];
    const unexported: number[] = [];
    class Gpio {
      static accessible = true;
      constructor(readonly n: number, dir: string) {
        created.push({ n, dir });
      }
      read = () => Promise.resolve(0 as Level);
      write = () => Promise.resolve();
      watch = () => undefined;
      unwatchAll = () => undefined;
      unexport = () => {
        unexported.push(this.n);
      };
    }
    const port = await createOnoffGpio({ sysfsRoot: root, loadOnoff: async () => ({ Gpio }) });
    port.output(26, 1).release();
    port.input(17, 'both').release();
    expect(created).toEqual([{ n: 538, dir: 'high' }, { n: 529, dir: 'in' }]);
    // a released relay output keeps driving its level; inputs are given back
    expect(unexported).toEqual([529]);
  });

  it('says what to do when onoff is missing or GPIO is not accessible', async () => {
    await expect(createOnoffGpio({ loadOnoff: () => Promise.reject(new Error('Cannot find module')) })).rejects.toThrow(/onoff is not installed/);
    class Gpio {
      static accessible = false;
    }
    await expect(createOnoffGpio({ loadOnoff: async () => ({ Gpio } as never) })).rejects.toThrow(/not accessible/);
  });
});
