/** The adapter's view of the engine's content store and its hashing: MD4 part hashes, serial off-loop disk work. */
package org.crossnet.adapter.edonkey.storage;
