package org.crossnet.api.rest;

import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.servlet.http.HttpServletRequest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import org.crossnet.api.rest.wire.Arguments;
import org.crossnet.api.rest.wire.HitRequest;
import org.crossnet.api.rest.wire.LimitRequest;
import org.crossnet.api.rest.wire.LinkRequest;
import org.crossnet.api.rest.wire.TorrentRequest;
import org.crossnet.api.rest.wire.TransferJson;
import org.crossnet.engine.facade.GatewayService;
import org.crossnet.engine.facade.Operation;
import org.crossnet.spi.error.GatewayErrorCode;
import org.crossnet.spi.error.GatewayException;
import org.crossnet.spi.model.TransferStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * transfer.addLink, transfer.addTorrent, transfer.addHit, transfer.list, transfer.get, transfer.pause,
 * transfer.resume, transfer.limit, transfer.remove.
 */
@RestController
@RequestMapping(RestApiConfiguration.BASE_PATH + "/transfers")
final class TransferController {
    /** Media type of a raw .torrent body. */
    static final String BITTORRENT = "application/x-bittorrent";

    private final GatewayService service;
    private final JsonMapper json;
    private final int maxTorrent;

    TransferController(GatewayService service, JsonMapper json, RestApiProperties properties) {
        this.service = service;
        this.json = json;
        this.maxTorrent = (int) properties.maxTorrentSize().toBytes();
    }

    @PostMapping(path = "/links", consumes = MediaType.APPLICATION_JSON_VALUE)
    @ApiOperation(Operation.TRANSFER_ADD_LINK)
    ResponseEntity<TransferJson> addLink(@RequestBody LinkRequest request) {
        return created(service.transferAddLink(request.requireLink()));
    }

    /**
     * The body is read here rather than bound by Spring so that it is capped while it streams in: a raw
     * {@value #BITTORRENT} body, or JSON {@code {"torrent": "<base64>"}}.
     */
    @PostMapping(path = "/torrents", consumes = {BITTORRENT, MediaType.APPLICATION_JSON_VALUE})
    @ApiOperation(Operation.TRANSFER_ADD_TORRENT)
    @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true, content = {
            @Content(mediaType = BITTORRENT, schema = @Schema(type = "string", format = "binary")),
            @Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
                    schema = @Schema(implementation = TorrentRequest.class))})
    ResponseEntity<TransferJson> addTorrent(HttpServletRequest request) throws IOException {
        byte[] torrent;
        if (MediaType.APPLICATION_JSON.isCompatibleWith(MediaType.parseMediaType(request.getContentType()))) {
            // base64 is 4/3 of the raw size; the slack covers the member name and line breaks.
            byte[] body = readCapped(request, maxTorrent / 3 * 4 + 8192, "body");
            TorrentRequest parsed;
            try {
                parsed = json.readValue(body, TorrentRequest.class);
            } catch (JacksonException e) {
                throw new GatewayException(GatewayErrorCode.INVALID_ARGUMENT, JsonErrors.describe(e));
            }
            if (parsed == null) {
                throw GatewayException.invalid("body", "null", "a JSON object {\"torrent\": \"<base64>\"}");
            }
            torrent = parsed.decode();
            if (torrent.length > maxTorrent) {
                throw tooLarge("torrent", torrent.length + " bytes", maxTorrent);
            }
        } else {
            torrent = readCapped(request, maxTorrent, "torrent");
            if (torrent.length == 0) {
                throw GatewayException.invalid("torrent", "empty", "the bytes of a .torrent file");
            }
        }
        return created(service.transferAddTorrent(torrent));
    }

    @PostMapping(path = "/hits", consumes = MediaType.APPLICATION_JSON_VALUE)
    @ApiOperation(Operation.TRANSFER_ADD_HIT)
    ResponseEntity<TransferJson> addHit(@RequestBody HitRequest request) {
        return created(service.transferAddHit(request.requireSearch(), request.requireIndex()));
    }

    @GetMapping
    @ApiOperation(Operation.TRANSFER_LIST)
    List<TransferJson> list() {
        return service.transferList().stream().map(TransferJson::of).toList();
    }

    @GetMapping("/{id}")
    @ApiOperation(Operation.TRANSFER_GET)
    TransferJson get(@PathVariable String id) {
        return TransferJson.of(service.transferGet(Arguments.transferId(id)));
    }

    @PostMapping("/{id}/pause")
    @ApiOperation(Operation.TRANSFER_PAUSE)
    TransferJson pause(@PathVariable String id) {
        return TransferJson.of(service.transferPause(Arguments.transferId(id)));
    }

    @PostMapping("/{id}/resume")
    @ApiOperation(Operation.TRANSFER_RESUME)
    TransferJson resume(@PathVariable String id) {
        return TransferJson.of(service.transferResume(Arguments.transferId(id)));
    }

    /** The transfer's limits are a sub-resource replaced as a whole: {@code PUT}, idempotent. */
    @PutMapping(path = "/{id}/limits", consumes = MediaType.APPLICATION_JSON_VALUE)
    @ApiOperation(Operation.TRANSFER_LIMIT)
    TransferJson limit(@PathVariable String id, @RequestBody LimitRequest request) {
        return TransferJson.of(service.transferLimit(Arguments.transferId(id), request.requireDownloadLimit(),
                request.requireUploadLimit()));
    }

    @DeleteMapping("/{id}")
    @ApiOperation(Operation.TRANSFER_REMOVE)
    ResponseEntity<Void> remove(@PathVariable String id, @RequestParam(defaultValue = "false") boolean deleteData) {
        service.transferRemove(Arguments.transferId(id), deleteData);
        return ResponseEntity.noContent().build();
    }

    private static ResponseEntity<TransferJson> created(TransferStatus status) {
        return ResponseEntity.created(ServletUriComponentsBuilder.fromCurrentContextPath()
                        .path(RestApiConfiguration.BASE_PATH + "/transfers/{id}")
                        .buildAndExpand(status.id().toString()).toUri())
                .body(TransferJson.of(status));
    }

    /** Reads at most {@code cap} bytes, failing before more are buffered (chunked bodies carry no length). */
    private static byte[] readCapped(HttpServletRequest request, int cap, String field) throws IOException {
        long declared = request.getContentLengthLong();
        if (declared > cap) {
            throw tooLarge(field, declared + " bytes", cap);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(declared > 0 ? (int) declared : 8192);
        byte[] buffer = new byte[8192];
        try (InputStream in = request.getInputStream()) {
            int n;
            while ((n = in.read(buffer)) > 0) {
                if (out.size() + n > cap) {
                    throw tooLarge(field, "more than " + cap + " bytes", cap);
                }
                out.write(buffer, 0, n);
            }
        }
        return out.toByteArray();
    }

    private static GatewayException tooLarge(String field, String size, int cap) {
        return new GatewayException(GatewayErrorCode.LIMIT_EXCEEDED,
                field + ": " + size + " (expected: at most " + cap + " bytes)");
    }
}
