/** Gnutella model to and from the SPI model: query hits to search hits, shared files to query hit results. */
package org.crossnet.adapter.gnutella.mapping;
