/**
 * Test helpers of @attio-auth/attio-events (the `./testing` entry point): a real HTTP receiver that
 * records deliveries. Not part of the public API.
 */
export {
  closedPort,
  startWebhookReceiver,
  type ReceivedRequest,
  type ReceiverReply,
  type Responder,
  type WebhookReceiver,
} from './webhook-receiver.js';
