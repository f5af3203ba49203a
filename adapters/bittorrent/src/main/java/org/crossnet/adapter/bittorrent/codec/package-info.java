/** Peer wire codec (BEP 3, 6, 9, 10, 11): message records, decoders, the encoder and wire constants; wire only, no session state. */
package org.crossnet.adapter.bittorrent.codec;
