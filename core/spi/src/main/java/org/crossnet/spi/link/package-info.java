/** Parsing and producing magnet URIs and ed2k:// links, the text forms users paste to add or share content. */
package org.crossnet.spi.link;
