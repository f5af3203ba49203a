package org.crossnet.api.xmlrpc;

import org.crossnet.engine.facade.GatewayService;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The XML-RPC front-end for an application to {@code @Import}: defines {@link XmlRpcEndpoint} at
 * {@code POST /xmlrpc}. Needs one {@link GatewayService} bean; uses an {@link XmlRpcCallObserver} bean when there is
 * one. Settings: {@code crossnet.api.xmlrpc.max-request-bytes} (default 1048576), the request body cap.
 *
 * <p>Import it rather than component-scanning {@code org.crossnet.api.xmlrpc}: scanning would register the endpoint
 * a second time and Spring MVC would refuse the duplicate mapping.
 */
@Configuration(proxyBeanMethods = false)
public final class XmlRpcApiConfiguration {
    @Bean
    XmlRpcEndpoint crossnetXmlRpcEndpoint(GatewayService gateway, ObjectProvider<XmlRpcCallObserver> observer,
            @Value("${crossnet.api.xmlrpc.max-request-bytes:" + GatewayXmlRpcServer.DEFAULT_MAX_REQUEST_BYTES + "}")
            int maxRequestBytes) {
        OperationInterceptor interceptor =
                new OperationInterceptor(observer.getIfAvailable(() -> XmlRpcCallObserver.NONE));
        return new XmlRpcEndpoint(new GatewayXmlRpcServer(new GatewayMethods(gateway, interceptor), maxRequestBytes));
    }
}
