package org.crossnet.api.rest;

import org.crossnet.api.rest.wire.InfoJson;
import org.crossnet.engine.facade.GatewayService;
import org.crossnet.engine.facade.Operation;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** gateway.info. */
@RestController
@RequestMapping(RestApiConfiguration.BASE_PATH)
final class GatewayController {
    private final GatewayService service;

    GatewayController(GatewayService service) {
        this.service = service;
    }

    @GetMapping("/gateway")
    @ApiOperation(Operation.GATEWAY_INFO)
    InfoJson info() {
        return InfoJson.of(service.gatewayInfo());
    }
}
