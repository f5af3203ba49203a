/** The adapter's view of the engine's storage: piece assembly, SHA-1 verification and reads for seeding, off the event loops. */
package org.crossnet.adapter.bittorrent.storage;
