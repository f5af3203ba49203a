package org.crossnet.api.rest;

import java.util.List;
import org.crossnet.api.rest.wire.Arguments;
import org.crossnet.api.rest.wire.LinksJson;
import org.crossnet.api.rest.wire.ShareJson;
import org.crossnet.api.rest.wire.ShareRequest;
import org.crossnet.engine.facade.GatewayService;
import org.crossnet.engine.facade.Operation;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** share.add, share.list, share.get, share.remove, share.links. */
@RestController
@RequestMapping(RestApiConfiguration.BASE_PATH + "/shares")
final class ShareController {
    private final GatewayService service;

    ShareController(GatewayService service) {
        this.service = service;
    }

    /** 202: the entries are queued for hashing; poll share.get or read share events. */
    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    @ApiOperation(Operation.SHARE_ADD)
    ResponseEntity<List<ShareJson>> add(@RequestBody ShareRequest request) {
        return ResponseEntity.status(HttpStatus.ACCEPTED)
                .body(service.shareAdd(request.requirePath()).stream().map(ShareJson::of).toList());
    }

    @GetMapping
    @ApiOperation(Operation.SHARE_LIST)
    List<ShareJson> list() {
        return service.shareList().stream().map(ShareJson::of).toList();
    }

    @GetMapping("/{id}")
    @ApiOperation(Operation.SHARE_GET)
    ShareJson get(@PathVariable String id) {
        return ShareJson.of(service.shareGet(Arguments.shareId(id)));
    }

    @DeleteMapping("/{id}")
    @ApiOperation(Operation.SHARE_REMOVE)
    ResponseEntity<Void> remove(@PathVariable String id) {
        service.shareRemove(Arguments.shareId(id));
        return ResponseEntity.noContent().build();
    }

    @GetMapping("/{id}/links")
    @ApiOperation(Operation.SHARE_LINKS)
    LinksJson links(@PathVariable String id) {
        return LinksJson.of(service.shareLinks(Arguments.shareId(id)));
    }
}
