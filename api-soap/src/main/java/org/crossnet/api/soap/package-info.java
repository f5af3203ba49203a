/** The SOAP front-end: a CXF JAX-WS endpoint at /soap/gateway that parses, calls GatewayService and renders faults. */
package org.crossnet.api.soap;
