package org.crossnet.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;
import org.junit.jupiter.api.Test;

/**
 * The executable jar as built (failsafe runs this after {@code package}) carries the secure defaults: loopback only,
 * the documented port, the SOAP service list hidden and the Swagger UI off.
 */
class PackagedDefaultsIT {
    private static final Path JAR = Path.of("target/crossnet-gateway.jar");

    @Test
    void packagedApplicationPropertiesBindLoopbackOnly() throws IOException {
        assertThat(JAR).as("the repackaged jar of this build").isRegularFile();
        Properties packaged = new Properties();
        try (JarFile jar = new JarFile(JAR.toFile())) {
            ZipEntry entry = jar.getEntry("BOOT-INF/classes/application.properties");
            assertThat(entry).as("application.properties in the jar").isNotNull();
            try (InputStream in = jar.getInputStream(entry)) {
                packaged.load(in);
            }
            assertThat(jar.getManifest().getMainAttributes().getValue("Start-Class"))
                    .isEqualTo(CrossnetApplication.class.getName());
        }
        assertThat(packaged.getProperty("server.address")).isEqualTo("127.0.0.1");
        assertThat(packaged.getProperty("server.port")).isEqualTo("7420");
        assertThat(packaged.getProperty("cxf.servlet.init.hide-service-list-page")).isEqualTo("true");
        assertThat(packaged.getProperty("springdoc.swagger-ui.enabled")).isEqualTo("false");
        assertThat(Files.size(JAR)).isPositive();
    }
}
