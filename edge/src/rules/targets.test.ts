import { describe, expect, it } from 'vitest';
import { sampleSite } from '../devices/test-site.js';
import { coveringCameras, nearestColumn } from './targets.js';

const site = sampleSite('large');

describe('rule targets from the site layout', () => {
  it('nearest column: by near, a camera through the gates it covers, a column itself, else the first', () => {
    const south = site.alarmColumns.find((c) => c.id === 'column-south')!;
    expect(south.near).toContain('gate-bike');
    expect(nearestColumn(site, 'gate-bike')).toBe('column-south');
    const camBike = site.cameras.find((c) => c.covers.includes('gate-bike'))!;
    expect(nearestColumn(site, camBike.id)).toBe('column-south');
    expect(nearestColumn(site, 'column-yard')).toBe('column-yard');
    const uncovered = site.cameras.find((c) => c.covers.length === 0);
    if (uncovered) expect(nearestColumn(site, uncovered.id)).toBe(site.alarmColumns[0]!.id);
  });

  it('covering cameras: of a gate, of the gates a column stands near, a camera itself', () => {
    const forGate = coveringCameras(site, 'gate-north');
    expect(forGate.length).toBeGreaterThan(0);
    expect(forGate.every((id) => site.cameras.find((c) => c.id === id)!.covers.includes('gate-north'))).toBe(true);
    expect(coveringCameras(site, 'column-north')).toEqual(forGate);
    expect(coveringCameras(site, 'cam-bike')).toEqual(['cam-bike']);
  });
});
