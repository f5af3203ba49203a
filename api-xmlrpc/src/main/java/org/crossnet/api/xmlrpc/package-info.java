/** The XML-RPC front-end: parses XML-RPC calls, calls the GatewayService facade and renders its views as structs. */
package org.crossnet.api.xmlrpc;
