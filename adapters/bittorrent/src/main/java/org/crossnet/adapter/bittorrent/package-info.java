/** The BitTorrent network adapter: factory, config and the adapter that downloads, seeds and accepts peers. */
package org.crossnet.adapter.bittorrent;
