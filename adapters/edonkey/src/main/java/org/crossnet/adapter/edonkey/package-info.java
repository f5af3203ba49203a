/** The edonkey network adapter: entry point, configuration and wiring of its parts. */
package org.crossnet.adapter.edonkey;
