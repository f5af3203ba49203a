/** A scripted, in-process test adapter (id {@code scripted}) that drives searches and transfers without a network. */
package org.crossnet.testkit.scripted;
