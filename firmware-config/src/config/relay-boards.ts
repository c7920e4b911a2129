/**
 * Relay-board templates for common Raspberry Pi HATs: which BCM pin drives which channel and at
 * which level. A gate may name `relay: { board, channel }` instead of a raw pin.
 * Pins are BCM numbers (not physical header pins).
 */
export interface RelayBoardTemplate {
  id: string;
  name: string;
  activeLevel: 'high' | 'low';
  /** channel number (1-based, as printed on the board) -> BCM pin */
  channels: Record<number, number>;
  notes: string;
}

export const relayBoards = {
  'waveshare-rpi-relay-3ch': {
    id: 'waveshare-rpi-relay-3ch',
    name: 'Waveshare RPi Relay Board (3 ch)',
    activeLevel: 'low',
    channels: { 1: 26, 2: 20, 3: 21 },
    notes: 'Jumpers fitted. Relays energise when the pin is driven low.',
  },
  'sb-pirelay-v2-4ch': {
    id: 'sb-pirelay-v2-4ch',
    name: 'SB Components PiRelay v2 (4 ch)',
    activeLevel: 'high',
    channels: { 1: 5, 2: 6, 3: 13, 4: 19 },
    notes: 'Relay on when the pin is high.',
  },
  'keyestudio-ks0212-4ch': {
    id: 'keyestudio-ks0212-4ch',
    name: 'Keyestudio KS0212 RPi 4-channel Relay Shield',
    activeLevel: 'high',
    channels: { 1: 4, 2: 22, 3: 6, 4: 26 },
    notes: 'Relay on when the pin is high.',
  },
} as const satisfies Record<string, RelayBoardTemplate>;

export type RelayBoardId = keyof typeof relayBoards;
export const relayBoardIds = Object.keys(relayBoards) as RelayBoardId[];
