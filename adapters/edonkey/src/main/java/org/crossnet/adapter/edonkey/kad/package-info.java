/** Kad (Kad2 over UDP) for the eDonkey adapter: ids, and the node that looks up, searches, publishes and stores. */
package org.crossnet.adapter.edonkey.kad;
