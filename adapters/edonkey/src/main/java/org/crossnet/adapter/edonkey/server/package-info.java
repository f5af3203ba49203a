/**
 * The eD2k server protocol: the client side (login, offer, search, sources over TCP; global search and sources over
 * UDP; LowID callbacks) and the optional index-server role.
 */
package org.crossnet.adapter.edonkey.server;
