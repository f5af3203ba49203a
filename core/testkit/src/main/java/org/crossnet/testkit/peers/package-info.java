/** Real third-party peers (opentracker, aria2c, …) run as external processes on 127.0.0.1 for interop tests. */
package org.crossnet.testkit.peers;
