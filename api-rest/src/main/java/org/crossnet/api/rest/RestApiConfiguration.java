package org.crossnet.api.rest;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.springdoc.core.customizers.GlobalOpenApiCustomizer;
import org.springdoc.core.customizers.GlobalOperationCustomizer;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.FilterType;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Entry point of the REST front-end: the application {@code @Import}s this class and provides one
 * {@link org.crossnet.engine.facade.GatewayService} bean. Scans this package for the controllers, registers the
 * operation interceptor on {@value #BASE_PATH}/** and shapes the OpenAPI document (operation ids from
 * {@link org.crossnet.engine.facade.Operation}, a bearer security scheme).
 */
@Configuration(proxyBeanMethods = false)
@ComponentScan(basePackageClasses = RestApiConfiguration.class,
        excludeFilters = @ComponentScan.Filter(type = FilterType.ASSIGNABLE_TYPE, classes = RestApiConfiguration.class))
@EnableConfigurationProperties(RestApiProperties.class)
public final class RestApiConfiguration implements WebMvcConfigurer {
    /** Prefix of every route. */
    public static final String BASE_PATH = "/api/v1";
    /** Name of the OpenAPI security scheme. */
    public static final String SECURITY_SCHEME = "bearer";

    private final ObjectProvider<OperationObserver> observers;
    private final RestApiProperties properties;

    public RestApiConfiguration(ObjectProvider<OperationObserver> observers, RestApiProperties properties) {
        this.observers = observers;
        this.properties = properties;
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(new OperationInterceptor(observers.orderedStream().toList(), properties))
                .addPathPatterns(BASE_PATH + "/**");
    }

    /** Operation id = the SOAP name (e.g. {@code transferPause}), summary = the wire name, as in docs/api.md. */
    @Bean
    GlobalOperationCustomizer crossnetOperationIds() {
        return (operation, handlerMethod) -> {
            ApiOperation api = handlerMethod.getMethodAnnotation(ApiOperation.class);
            if (api != null) {
                operation.setOperationId(api.value().soapName());
                operation.addExtension("x-crossnet-operation", api.value().wireName());
                if (operation.getSummary() == null) {
                    operation.setSummary(api.value().wireName());
                }
            }
            return operation;
        };
    }

    /** Every API needs the token: {@code Authorization: Bearer <token>}. */
    @Bean
    GlobalOpenApiCustomizer crossnetBearerScheme() {
        return openApi -> {
            if (openApi.getComponents() == null) {
                openApi.setComponents(new Components());
            }
            openApi.getComponents().addSecuritySchemes(SECURITY_SCHEME, new SecurityScheme()
                    .type(SecurityScheme.Type.HTTP).scheme("bearer")
                    .description("The gateway's API token (see docs/security.md)"));
            if (openApi.getSecurity() == null
                    || openApi.getSecurity().stream().noneMatch(r -> r.containsKey(SECURITY_SCHEME))) {
                openApi.addSecurityItem(new SecurityRequirement().addList(SECURITY_SCHEME));
            }
        };
    }
}
