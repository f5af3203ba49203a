package org.crossnet.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;

/** The contract test fails a broken adapter on exactly the checks it breaches, with messages that say why. */
class AdapterContractTestFailureTest {
    @Test
    void brokenAdapterFailsTheChecksItBreaches() {
        List<Event> finished = EngineTestKit.engine("junit-jupiter")
                .selectors(selectClass(BrokenAdapterContractCase.class))
                .execute()
                .testEvents()
                .finished()
                .list();
        Map<String, TestExecutionResult> results = finished.stream().collect(Collectors.toMap(
                e -> ((MethodSource) e.getTestDescriptor().getSource().orElseThrow()).getMethodName(),
                e -> e.getRequiredPayload(TestExecutionResult.class)));

        assertThat(failed(results)).containsExactlyInAnyOrder(
                "createStartsNoThreadsOpensNoSocketsAndDoesNoWork",
                "capabilitiesAreConstantAndMatchFacets",
                "searchDeliversHitsThatSatisfyTheQuery",
                "cancelledSearchDeliversNoMoreHits",
                "downloadWritesVerifiedData",
                "noCallbackAfterClose");
        assertThat(passed(results)).containsExactlyInAnyOrder(
                "factoryIdIsAValidStableNetworkId",
                "configTypeIsARecordWithADefault",
                "statusLineIsNonNullAndNonBlocking",
                "closeIsIdempotent",
                "closeWithoutStartWorks",
                "closeStopsTheAdapterThreads");
        assertThat(message(results, "createStartsNoThreadsOpensNoSocketsAndDoesNoWork"))
                .contains("threads started by create()").contains("broken-adapter-worker");
        assertThat(message(results, "capabilitiesAreConstantAndMatchFacets"))
                .contains("searcher() present=false while SEARCH is declared");
        assertThat(message(results, "noCallbackAfterClose"))
                .contains("after close() returned").contains("download-sink.traffic").contains("events.publish");
        assertThat(message(results, "downloadWritesVerifiedData")).contains("bytes verified");
    }

    private static List<String> failed(Map<String, TestExecutionResult> results) {
        return results.entrySet().stream().filter(e -> e.getValue().getStatus() == TestExecutionResult.Status.FAILED)
                .map(Map.Entry::getKey).toList();
    }

    private static List<String> passed(Map<String, TestExecutionResult> results) {
        return results.entrySet().stream()
                .filter(e -> e.getValue().getStatus() == TestExecutionResult.Status.SUCCESSFUL)
                .map(Map.Entry::getKey).toList();
    }

    private static String message(Map<String, TestExecutionResult> results, String test) {
        return results.get(test).getThrowable().map(Throwable::getMessage).orElse("");
    }
}
