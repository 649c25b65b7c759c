/**
 * Mutual TLS for the remote protocol: PEM files read with messages that name the file and the fault, key and trust
 * managers that pick up renewed files on the handshake path, the gRPC {@code SslContext}s of a farm and of a client
 * (TLS 1.3 only, client certificate required), and the identity of a verified peer for access policies. Internal.
 */
package org.cardmanage.remote.internal.tls;
