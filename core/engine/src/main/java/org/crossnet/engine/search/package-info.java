/** Search aggregation: one query fanned out to every eligible network, hits merged by content identity. */
package org.crossnet.engine.search;
