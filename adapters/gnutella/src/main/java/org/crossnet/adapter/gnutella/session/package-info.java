/** Per-connection state and pipelines: port unification, the 0.6 handshake, link compression, the peer connection. */
package org.crossnet.adapter.gnutella.session;
