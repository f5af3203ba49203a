/** The eD2k server protocol: the client side (login, offer, search, sources) and the optional index-server role. */
package org.crossnet.adapter.edonkey.server;
