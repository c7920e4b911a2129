/** The demo's small-compound gateway as a simulator on the cloud's real MQTT ingress, online before the test goes on. */
import { onTestFinished } from 'vitest';
import { connectGatewaySim, type GatewaySimOptions } from '../../src/sim/gateway-sim.js';
import { waitFor, type TestCloud } from './cloud.js';

export type MqttCloud = TestCloud & { mqttUrl: string };

export async function smallGateway(cloud: MqttCloud, onCommand?: GatewaySimOptions['onCommand']) {
  const gatewayId = cloud.demo.gateways.small;
  const sim = await connectGatewaySim({
    url: cloud.mqttUrl, gatewayId, compoundId: cloud.demo.compounds.small, password: `demo-${gatewayId}`, cloudSigningKey: cloud.keys.publicKeyPem,
    ...(onCommand ? { onCommand } : {}),
  });
  onTestFinished(() => sim.close());
  await waitFor(async () => (await cloud.db.selectFrom('gateways').select('link_state').where('id', '=', gatewayId).executeTakeFirstOrThrow()).link_state === 'online');
  return sim;
}
