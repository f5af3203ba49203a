/** A strict bencode codec (BEP 3) and its value model, shared by the BitTorrent adapter and the engine's torrent maker. */
package org.crossnet.spi.bencode;
