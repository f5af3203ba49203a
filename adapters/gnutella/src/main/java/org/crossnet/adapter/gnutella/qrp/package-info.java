/** Query Routing Protocol: the standard hash, route tables from shared names, RESET/PATCH building and applying. */
package org.crossnet.adapter.gnutella.qrp;
