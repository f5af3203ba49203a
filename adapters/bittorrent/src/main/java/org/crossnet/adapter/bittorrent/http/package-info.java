/** Small pieces shared by the adapter's HTTP clients (trackers, web seeds). */
package org.crossnet.adapter.bittorrent.http;
