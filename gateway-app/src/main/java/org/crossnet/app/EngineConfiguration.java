package org.crossnet.app;

import java.util.LinkedHashMap;
import java.util.Map;
import javax.sql.DataSource;
import org.crossnet.engine.EngineSettings;
import org.crossnet.engine.GatewayEngine;
import org.crossnet.engine.facade.GatewayService;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.EnumerablePropertySource;

/** Wires the engine, its facade and the API token filter into the Spring context. */
@Configuration(proxyBeanMethods = false)
class EngineConfiguration {
    private static final String ADAPTER_PREFIX = "crossnet.adapters.";

    @Bean(destroyMethod = "close")
    GatewayEngine gatewayEngine(CrossnetProperties properties, DataSource dataSource,
                                ConfigurableEnvironment environment) {
        EngineSettings settings = new EngineSettings(properties.dataDir(), properties.effectiveDownloadDir(),
                properties.effectiveShareRoots(), properties.eventBuffer(), properties.searchRetention(),
                id -> adapterProperties(environment, id), properties.shareTrackers());
        return GatewayEngine.open(settings, dataSource, getClass().getClassLoader());
    }

    @Bean
    GatewayService gatewayService(GatewayEngine engine) {
        return engine.service();
    }

    @Bean
    ApiToken apiToken(CrossnetProperties properties) {
        return ApiToken.loadOrCreate(properties.dataDir());
    }

    @Bean
    FilterRegistrationBean<ApiTokenFilter> apiTokenFilter(ApiToken token) {
        FilterRegistrationBean<ApiTokenFilter> registration = new FilterRegistrationBean<>(new ApiTokenFilter(token));
        registration.addUrlPatterns("/*");
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        registration.setName("crossnetApiToken");
        return registration;
    }

    @Bean
    FilterRegistrationBean<SoapRequestLimitFilter> soapRequestLimitFilter(CrossnetProperties properties) {
        FilterRegistrationBean<SoapRequestLimitFilter> registration =
                new FilterRegistrationBean<>(new SoapRequestLimitFilter(properties.soapMaxRequest()));
        registration.addUrlPatterns("/soap/*");
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 1);
        registration.setName("crossnetSoapRequestLimit");
        return registration;
    }

    /**
     * The raw {@code crossnet.adapters.<id>.*} keys from every property source, relative to the adapter prefix, as
     * written (kebab-case); the engine binds them strictly to the adapter's config record.
     */
    static Map<String, String> adapterProperties(ConfigurableEnvironment environment, String id) {
        String prefix = ADAPTER_PREFIX + id + ".";
        Map<String, String> result = new LinkedHashMap<>();
        for (var source : environment.getPropertySources()) {
            if (source instanceof EnumerablePropertySource<?> enumerable) {
                for (String name : enumerable.getPropertyNames()) {
                    String normalized = name.replace('_', '-');
                    if (normalized.toLowerCase(java.util.Locale.ROOT).startsWith(prefix)) {
                        String key = normalized.substring(prefix.length());
                        result.putIfAbsent(key, environment.getProperty(name));
                    }
                }
            }
        }
        return result;
    }
}
