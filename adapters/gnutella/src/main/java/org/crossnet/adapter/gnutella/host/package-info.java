/** Where to find peers: the host cache (kept in the adapter's state directory) and the GWebCache client. */
package org.crossnet.adapter.gnutella.host;
