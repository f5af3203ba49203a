package org.crossnet.api.soap;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

/** The smallest app that hosts the SOAP API: Boot, CXF's starter, this module's configuration, a recording listener. */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import(SoapApiConfiguration.class)
class SoapTestApplication {
    @Bean
    RecordingListener recordingListener() {
        return new RecordingListener();
    }
}
