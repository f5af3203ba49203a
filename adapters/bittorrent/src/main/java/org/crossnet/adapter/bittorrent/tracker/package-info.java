/** Tracker clients (HTTP per BEP 3/23/48, UDP per BEP 15) and the per-torrent tracker set with BEP 12 tiers. */
package org.crossnet.adapter.bittorrent.tracker;
