/** Conversions between peer addresses and metainfo of the wire and the SPI model. */
package org.crossnet.adapter.bittorrent.mapping;
