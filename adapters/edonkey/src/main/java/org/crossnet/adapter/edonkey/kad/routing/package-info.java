/** Kad routing: the zone tree of k-buckets with contact liveness, nodes.dat and our persisted Kad id. */
package org.crossnet.adapter.edonkey.kad.routing;
