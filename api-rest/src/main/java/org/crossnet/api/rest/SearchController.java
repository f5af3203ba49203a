package org.crossnet.api.rest;

import org.crossnet.api.rest.wire.Arguments;
import org.crossnet.api.rest.wire.QueryJson;
import org.crossnet.api.rest.wire.SearchJson;
import org.crossnet.api.rest.wire.SearchResultsJson;
import org.crossnet.engine.facade.GatewayService;
import org.crossnet.engine.facade.Operation;
import org.crossnet.engine.facade.SearchView;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/** search.start, search.results, search.stop. */
@RestController
@RequestMapping(RestApiConfiguration.BASE_PATH + "/searches")
final class SearchController {
    private final GatewayService service;

    SearchController(GatewayService service) {
        this.service = service;
    }

    /** 201; Location points at the search's results, the only readable view of a search. */
    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    @ApiOperation(Operation.SEARCH_START)
    ResponseEntity<SearchJson> start(@RequestBody QueryJson query) {
        SearchView search = service.searchStart(query.toQuery());
        return ResponseEntity.created(ServletUriComponentsBuilder.fromCurrentContextPath()
                        .path(RestApiConfiguration.BASE_PATH + "/searches/{id}/results")
                        .buildAndExpand(search.id().toString()).toUri())
                .body(SearchJson.of(search));
    }

    @GetMapping("/{id}/results")
    @ApiOperation(Operation.SEARCH_RESULTS)
    SearchResultsJson results(@PathVariable String id, @RequestParam(defaultValue = "0") int offset,
                              @RequestParam(defaultValue = "50") int limit) {
        return SearchResultsJson.of(service.searchResults(Arguments.searchId(id), offset, limit));
    }

    @PostMapping("/{id}/stop")
    @ApiOperation(Operation.SEARCH_STOP)
    SearchJson stop(@PathVariable String id) {
        return SearchJson.of(service.searchStop(Arguments.searchId(id)));
    }
}
