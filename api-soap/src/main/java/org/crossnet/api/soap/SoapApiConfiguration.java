package org.crossnet.api.soap;

import jakarta.xml.ws.Endpoint;
import org.apache.cxf.Bus;
import org.apache.cxf.jaxws.EndpointImpl;
import org.crossnet.engine.facade.GatewayService;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.PropertySource;

/**
 * Publishes the SOAP API at {@code <cxf.path>/gateway}, with its WSDL at {@code ?wsdl}. Needs a
 * {@link GatewayService} bean and the CXF bus of {@code cxf-spring-boot-starter-jaxws}; takes an optional
 * {@link SoapOperationListener}. Defaults {@code cxf.path=/soap} and a hidden service list (lowest precedence, so an
 * application's own properties win). Authentication is the application's servlet filter, not this module's.
 */
@Configuration(proxyBeanMethods = false)
@PropertySource("classpath:org/crossnet/api/soap/soap-defaults.properties")
public final class SoapApiConfiguration {
    /** The endpoint's path under {@code cxf.path}. */
    public static final String ENDPOINT_PATH = "/gateway";

    @Bean
    public DefaultCrossnetGateway crossnetSoapGateway(GatewayService service) {
        return new DefaultCrossnetGateway(service);
    }

    @Bean
    public Endpoint crossnetSoapEndpoint(Bus bus, DefaultCrossnetGateway gateway,
                                         ObjectProvider<SoapOperationListener> listener) {
        SoapOperationInterceptor operations = new SoapOperationInterceptor(
                listener.getIfAvailable(() -> (operation, elapsed, error) -> { }));
        EndpointImpl endpoint = new EndpointImpl(bus, gateway);
        endpoint.getInInterceptors().add(operations.inbound());
        endpoint.getOutInterceptors().add(operations.outbound());
        endpoint.getOutFaultInterceptors().add(new SoapFaultInterceptor());
        endpoint.getOutFaultInterceptors().add(operations.outbound());
        endpoint.publish(ENDPOINT_PATH);
        return endpoint;
    }
}
