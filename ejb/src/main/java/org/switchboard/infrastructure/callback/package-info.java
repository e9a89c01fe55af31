/**
 * Outgoing HTTP callbacks: a transactional outbox of event and assignment callbacks, delivered
 * after commit, signed like Twilio's ({@code X-Twilio-Signature}), retried with backoff.
 */
package org.switchboard.infrastructure.callback;
