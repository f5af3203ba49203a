/** What a Kad node stores for others: keyword and source entries with limits and expiry, and search term matching. */
package org.crossnet.adapter.edonkey.kad.index;
