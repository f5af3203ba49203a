/** The gateway facade: the operation table, the GatewayService interface and the views it returns. */
package org.crossnet.engine.facade;
