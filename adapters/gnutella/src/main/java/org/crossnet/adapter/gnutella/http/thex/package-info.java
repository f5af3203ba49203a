/** Tiger tree hashes (THEX): hashing, the breadth-first serialized tree in its DIME envelope, verification. */
package org.crossnet.adapter.gnutella.http.thex;
