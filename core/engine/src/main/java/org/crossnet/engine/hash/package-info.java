/** One-pass hashing of shared files into every network's identity: SHA-1, ed2k, AICH, TTH and the BitTorrent infohash. */
package org.crossnet.engine.hash;
