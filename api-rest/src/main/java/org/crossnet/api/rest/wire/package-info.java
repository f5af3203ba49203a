/** The JSON wire forms of docs/api.md: records rendered by Jackson and the request bodies they are parsed from. */
package org.crossnet.api.rest.wire;
