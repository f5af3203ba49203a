/** The Gnutella 0.6 wire: message header and payload records, GGEP, COBS, the handshake text, decoders and encoders. */
package org.crossnet.adapter.gnutella.codec;
