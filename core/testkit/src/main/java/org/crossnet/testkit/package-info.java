/** Contract tests, recording test doubles and protocol-vector helpers for authors of network adapters. */
package org.crossnet.testkit;
