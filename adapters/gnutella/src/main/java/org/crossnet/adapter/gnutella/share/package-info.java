/** The files this node shares on Gnutella: file indexes, query matching and the words of its route table. */
package org.crossnet.adapter.gnutella.share;
