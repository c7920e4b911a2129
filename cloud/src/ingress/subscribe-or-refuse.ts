/**
 * Subscribe, or throw `refused()` when the broker will not let this login read the topics. mqtt.js
 * rejects a refused subscription (SUBACK 0x80/0x87); older brokers answer it in the grant list.
 */
import type { MqttClient } from 'mqtt';

export async function subscribeOrRefuse(client: MqttClient, topics: string | string[], refused: () => Error): Promise<void> {
  const granted = await client.subscribeAsync(topics, { qos: 1 }).catch(() => {
    throw refused();
  });
  if (granted.some((g) => g.qos >= 128)) throw refused();
}
