/**
 * A one-key alarm column (报警音柱) on MQTT: the big red button publishes alarm.button_pressed;
 * siren.start / siren.stop commands sound its speaker and are answered with a commandResult.
 */
import type { DeviceCommand } from '@yardguard/firmware-config/wire';
import { MqttDeviceSim, type SimReply } from './mqtt-device-sim.js';

export class AlarmColumnSim extends MqttDeviceSim {
  siren: { pattern: string; until: number } | undefined;
  private sirenTimer: NodeJS.Timeout | undefined;

  protected state() {
    return { siren: this.siren ? 'on' : 'off', ...(this.siren ? { pattern: this.siren.pattern } : {}) };
  }

  protected async onConnected(): Promise<void> {
    // A column has no state event in the contract: its heartbeat carries the siren state.
  }

  async pressAlarm(button = 'main'): Promise<void> {
    await this.publishEvent({ type: 'alarm.button_pressed', data: { button } });
  }

  protected async handle(cmd: DeviceCommand): Promise<SimReply> {
    if (cmd.action === 'siren.start') {
      clearTimeout(this.sirenTimer);
      this.siren = { pattern: cmd.params.pattern, until: Date.now() + cmd.params.durationS * 1000 };
      this.sirenTimer = setTimeout(() => {
        this.siren = undefined;
      }, cmd.params.durationS * 1000);
      return { status: 'ok', outcome: 'siren_started' };
    }
    if (cmd.action === 'siren.stop') {
      clearTimeout(this.sirenTimer);
      this.siren = undefined;
      return { status: 'ok', outcome: 'siren_stopped' };
    }
    return { status: 'error', code: 'UNSUPPORTED', message: `an alarm column does not do ${cmd.action}` };
  }

  override async stop(): Promise<void> {
    clearTimeout(this.sirenTimer);
    await super.stop();
  }
}
