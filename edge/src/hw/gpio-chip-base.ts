/**
 * Where the Raspberry Pi's header GPIOs start in the sysfs numbering. Kernels before 6.6 put the
 * SoC chip at base 0; Raspberry Pi OS Bookworm (6.6+) allocates bases dynamically (512 on a Pi 4,
 * 571 on a Pi 5's RP1), so "BCM 17" is sysfs 529 there. Guessing 0 would drive the wrong line.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** Labels of the chip that carries the 40-pin header, per Pi generation. */
const HEADER_CHIP_LABELS = [/^pinctrl-bcm2835$/, /^pinctrl-bcm2711$/, /^pinctrl-bcm2712$/, /^pinctrl-rp1$/, /^rp1/];

export interface GpioChip {
  name: string;
  label: string;
  base: number;
  ngpio?: number;
}

export function listGpioChips(sysfsRoot = '/sys/class/gpio'): GpioChip[] {
  let names: string[];
  try {
    names = readdirSync(sysfsRoot).filter((n) => n.startsWith('gpiochip'));
  } catch {
    return [];
  }
  const chips: GpioChip[] = [];
  for (const name of names) {
    try {
      const label = readFileSync(join(sysfsRoot, name, 'label'), 'utf8').trim();
      const base = Number(readFileSync(join(sysfsRoot, name, 'base'), 'utf8').trim());
      let ngpio: number | undefined;
      try {
        ngpio = Number(readFileSync(join(sysfsRoot, name, 'ngpio'), 'utf8').trim());
      } catch {
        ngpio = undefined;
      }
      if (Number.isInteger(base)) chips.push({ name, label, base, ...(ngpio !== undefined ? { ngpio } : {}) });
    } catch {
      // a chip directory without label/base is not one we can use; skip it
    }
  }
  return chips.sort((a, b) => a.base - b.base);
}

/**
 * The sysfs number of BCM pin 0. No gpio class at all = an old kernel or no GPIO: 0. Chips but
 * none of the Pi's header chips: an error naming what was found (better than a wrong pin).
 */
export function resolveGpioBase(sysfsRoot = '/sys/class/gpio'): { base: number; chip?: GpioChip } {
  const chips = listGpioChips(sysfsRoot);
  if (chips.length === 0) return { base: 0 };
  const chip = chips.find((c) => HEADER_CHIP_LABELS.some((re) => re.test(c.label)));
  if (!chip) {
    throw new Error(
      `no Raspberry Pi header GPIO chip under ${sysfsRoot} (found: ${chips.map((c) => `${c.name} "${c.label}" base ${c.base}`).join(', ')}); ` +
        'set the GPIO base explicitly',
    );
  }
  return { base: chip.base, chip };
}
