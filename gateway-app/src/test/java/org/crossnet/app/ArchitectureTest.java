package org.crossnet.app;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The module edges of docs/house-style ("Allowed edges: adapters → spi; api-* → engine → spi; app → everything"),
 * checked on the production classes of every module on this module's classpath. A rule whose subject package has no
 * classes fails (ArchUnit's default), so none of these can pass by importing nothing — except the adapter rule,
 * which holds vacuously until the first adapter module lands and then starts to bite without a change here.
 */
@AnalyzeClasses(packages = "org.crossnet", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {
    private static final String SPI = "org.crossnet.spi..";
    private static final String ENGINE = "org.crossnet.engine..";
    private static final String API = "org.crossnet.api..";
    private static final String APP = "org.crossnet.app..";
    private static final String ADAPTER = "org.crossnet.adapter..";
    private static final String SPRING = "org.springframework..";

    @ArchTest
    static final ArchRule spiDependsOnNothingOfOurs = noClasses().that().resideInAPackage(SPI)
            .should().dependOnClassesThat().resideInAnyPackage(ENGINE, API, APP, ADAPTER)
            .because("the SPI is what third-party adapter authors compile against");

    @ArchTest
    static final ArchRule spiIsFreeOfFrameworks = noClasses().that().resideInAPackage(SPI)
            .should().dependOnClassesThat().resideInAnyPackage(SPRING, "jakarta.xml..", "com.fasterxml..",
                    "tools.jackson..")
            .because("the SPI may use only the JDK and Netty's buffer and transport types");

    @ArchTest
    static final ArchRule engineKnowsNoFrontEndAppOrAdapter = noClasses().that().resideInAPackage(ENGINE)
            .should().dependOnClassesThat().resideInAnyPackage(API, APP, ADAPTER, SPRING)
            .because("the engine finds adapters through the SPI and is driven through its facade");

    @ArchTest
    static final ArchRule restApiUsesNoOtherApiNorTheApp = apiKind("rest", "soap", "xmlrpc");

    @ArchTest
    static final ArchRule soapApiUsesNoOtherApiNorTheApp = apiKind("soap", "rest", "xmlrpc");

    @ArchTest
    static final ArchRule xmlRpcApiUsesNoOtherApiNorTheApp = apiKind("xmlrpc", "rest", "soap");

    @ArchTest
    static final ArchRule adaptersUseOnlyTheSpi = noClasses().that().resideInAPackage(ADAPTER)
            .should().dependOnClassesThat().resideInAnyPackage(ENGINE, API, APP, SPRING)
            .because("adapters see the gateway only through the SPI (no engine, front-end or DI container)")
            .allowEmptyShould(true);

    private static ArchRule apiKind(String kind, String... others) {
        String[] forbidden = new String[others.length + 1];
        for (int i = 0; i < others.length; i++) {
            forbidden[i] = "org.crossnet.api." + others[i] + "..";
        }
        forbidden[others.length] = APP;
        return noClasses().that().resideInAPackage("org.crossnet.api." + kind + "..")
                .should().dependOnClassesThat().resideInAnyPackage(forbidden)
                .because("front-ends only parse, call the facade and render; each stands alone");
    }
}
