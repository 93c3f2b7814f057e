import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/** Standard Webhooks' secret prefix; the rest is the base64 of the HMAC key. */
const PREFIX = 'whsec_';

/** A new per-hook secret: 24 random bytes, `whsec_` and base64. */
export function newWebhookSecret(): string {
  return PREFIX + randomBytes(24).toString('base64');
}

/**
 * The `webhook-signature` header of a delivery (Standard Webhooks, v1): HMAC-SHA256, keyed by the
 * secret's bytes, of `{webhook-id}.{webhook-timestamp}.{body}`, in base64 after `v1,`.
 * `signDelivery('whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw', 'msg_1', 1614265330, '{"test": 2432232314}')`
 */
export function signDelivery(secret: string, id: string, timestampSeconds: number, body: string): string {
  const key = Buffer.from(secret.startsWith(PREFIX) ? secret.slice(PREFIX.length) : secret, 'base64');
  return `v1,${createHmac('sha256', key).update(`${id}.${timestampSeconds}.${body}`).digest('base64')}`;
}

/** Whether `header` (space-separated `v1,...` signatures) holds the signature of this delivery. */
export function verifyDelivery(secret: string, id: string, timestampSeconds: number, body: string, header: string): boolean {
  const expected = Buffer.from(signDelivery(secret, id, timestampSeconds, body));
  return header.split(' ').some((candidate) => {
    const given = Buffer.from(candidate);
    return given.length === expected.length && timingSafeEqual(given, expected);
  });
}
