/** Where to find peers: the host cache (kept in the gateway's host store) and the GWebCache client. */
package org.crossnet.adapter.gnutella.host;
