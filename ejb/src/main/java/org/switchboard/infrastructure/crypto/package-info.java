/** Sealing secrets at rest (AES-GCM under the server's key). */
package org.switchboard.infrastructure.crypto;
