/** Conversions between the eD2k wire model (search trees, file entries, file types) and the SPI model. */
package org.crossnet.adapter.edonkey.mapping;
