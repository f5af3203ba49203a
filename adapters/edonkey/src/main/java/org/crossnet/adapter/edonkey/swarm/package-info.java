/** Per-transfer coordination: sources, the part and block picker, part verification, and the upload queue with its slots. */
package org.crossnet.adapter.edonkey.swarm;
