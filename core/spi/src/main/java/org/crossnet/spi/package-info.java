/** The network adapter SPI: what a plugin author implements (factory, adapter, facets) and what the gateway hands it. */
package org.crossnet.spi;
