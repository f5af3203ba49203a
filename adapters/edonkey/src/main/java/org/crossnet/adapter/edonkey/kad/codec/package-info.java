/** Kad2 UDP wire format: packet records, the datagram decoder and encoder, ids, contacts and search expressions. */
package org.crossnet.adapter.edonkey.kad.codec;
