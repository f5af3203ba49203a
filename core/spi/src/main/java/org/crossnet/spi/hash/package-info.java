/** eMule's AICH hash tree (root, part and block hashes, part recovery data), shared by the engine and adapters. */
package org.crossnet.spi.hash;
