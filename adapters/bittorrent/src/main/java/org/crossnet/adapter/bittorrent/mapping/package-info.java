/** Conversions between the adapter's own model (peer addresses, tracker states) and the SPI model. */
package org.crossnet.adapter.bittorrent.mapping;
