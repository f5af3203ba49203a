package org.crossnet.app;

import java.util.Arrays;
import org.crossnet.api.rest.RestApiConfiguration;
import org.crossnet.api.soap.SoapApiConfiguration;
import org.crossnet.api.xmlrpc.XmlRpcApiConfiguration;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Import;

/** The Crossnet gateway: engine, adapters and the SOAP, XML-RPC and REST front-ends in one process. */
@SpringBootApplication
@ConfigurationPropertiesScan
@Import({RestApiConfiguration.class, SoapApiConfiguration.class, XmlRpcApiConfiguration.class})
public class CrossnetApplication {
    /** Accepts {@code --data-dir=<folder>} as a short form of {@code --crossnet.data-dir=<folder>}. */
    public static void main(String[] args) {
        String[] translated = Arrays.stream(args)
                .map(a -> a.startsWith("--data-dir=") ? "--crossnet.data-dir=" + a.substring("--data-dir=".length()) : a)
                .toArray(String[]::new);
        SpringApplication.run(CrossnetApplication.class, translated);
    }
}
